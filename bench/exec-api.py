#!/usr/bin/env python3
"""The requests `docker exec <c> true` makes, without the docker CLI: its own process start and work (100 ms and
more on a loaded machine, and varying by tens of ms from call to call) hide a daemon-side change of a few ms.

    bench/exec-api.py CONTAINER ROUNDS SOCKET...    # e.g. /tmp/a/berth.sock /run/anchor-docker.sock

Per round, against each socket in turn: HEAD /_ping, GET the container, POST the exec, POST its start (upgraded,
stdin half-closed at once, as the CLI does), read to the end of the output, GET the exec (its ExitCode must be 0).
Prints per socket the medians of: the other requests together ("pre"), the start's stream from the 101 to the end of
the output ("stream"), and the whole ("total"), in ms. API version 1.41, which both berthd and Docker 20.10 accept.
"""
import json
import socket
import statistics
import sys
import time


def request(conn, method, path, body=None, extra=""):
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: api.moby.localhost\r\nUser-Agent: Docker-Client/28.2.2 (linux)\r\n{extra}"
    if body is not None:
        head += "Content-Type: application/json\r\n"
    conn.sendall((head + f"Content-Length: {len(data)}\r\n\r\n").encode() + data)


def response(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
    if "content-length" in headers:
        while len(rest) < int(headers["content-length"]):
            rest += conn.recv(65536)
    elif headers.get("transfer-encoding") == "chunked":
        while not rest.endswith(b"0\r\n\r\n"):
            rest += conn.recv(65536)
    return lines[0], rest


def connect(path):
    conn = socket.socket(socket.AF_UNIX)
    conn.connect(path)
    return conn


def one_exec(path, container):
    t0 = time.perf_counter()
    c1 = connect(path)
    request(c1, "HEAD", "/_ping")
    response(c1)
    request(c1, "GET", f"/v1.41/containers/{container}/json")
    response(c1)
    request(c1, "POST", f"/v1.41/containers/{container}/exec",
            {"AttachStdout": True, "AttachStderr": True, "Tty": False, "Cmd": ["true"]})
    exec_id = json.loads(response(c1)[1])["Id"]
    c2 = connect(path)
    request(c2, "POST", f"/v1.41/exec/{exec_id}/start", {"Detach": False, "Tty": False},
            "Connection: Upgrade\r\nUpgrade: tcp\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        data += c2.recv(65536)
    t1 = time.perf_counter()
    c2.shutdown(socket.SHUT_WR)
    while c2.recv(65536):
        pass
    t2 = time.perf_counter()
    request(c1, "GET", f"/v1.41/exec/{exec_id}/json")
    inspect = json.loads(response(c1)[1])
    t3 = time.perf_counter()
    c1.close()
    c2.close()
    if inspect["ExitCode"] != 0 or inspect["Running"]:
        raise SystemExit(f"{path}: the exec did not end with 0: {inspect}")
    return (t1 - t0 + t3 - t2) * 1000, (t2 - t1) * 1000, (t3 - t0) * 1000


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    container, rounds, sockets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for path in sockets:  # warm-up
        for _ in range(3):
            one_exec(path, container)
    times = {path: [] for path in sockets}
    for _ in range(rounds):
        for path in sockets:
            times[path].append(one_exec(path, container))
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    print(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} load {load}, medians of {rounds} rounds")
    for path, t in times.items():
        pre, stream, total = (statistics.median(x[i] for x in t) for i in range(3))
        print(f"{path}: pre {pre:.1f} ms, stream {stream:.1f} ms, total {total:.1f} ms")


if __name__ == "__main__":
    main()
