#!/usr/bin/env python3
"""The floor under `docker exec <c> true`: the docker CLI against a stand-in daemon that answers each of its requests
at once (HEAD /_ping, GET the container, POST the exec, POST its start upgraded and closed at once, GET the exec).
Whatever a real daemon takes beyond this figure is its own; 0.5x Docker's wall time minus this is what is left for it.

    bench/exec-floor.py [RUNS] [API_VERSION]     # e.g. bench/exec-floor.py 21 1.41 (Docker 20.10's version here)
    bench/exec-floor.py --serve SOCKET [API_VERSION]   # only the stand-in daemon, until killed (to interleave runs)

Prints the median, min and max wall time of RUNS runs of the docker CLI process (after 3 warm-up runs) and, from the
server's side, the medians of: process start to the first request, the gaps between the requests' answers and the
next request, and the last answer to the process's exit.
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from stub_http import read_head

EXEC_ID = "e" * 64
CONTAINER_ID = "c" * 64
CONTAINER = ('{"Id":"%s","Name":"/floor","State":{"Status":"running","Running":true,"Paused":false,'
             '"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":1,"ExitCode":0},"Config":{"Tty":false},'
             '"HostConfig":{}}' % CONTAINER_ID).encode()
EXEC = ('{"ID":"%s","Running":false,"ExitCode":0,"ProcessConfig":{"tty":false,"entrypoint":"true","arguments":[],'
        '"privileged":false},"OpenStdin":false,"OpenStderr":true,"OpenStdout":true,"CanRemove":false,'
        '"ContainerID":"%s","DetachKeys":"","Pid":2}' % (EXEC_ID, CONTAINER_ID)).encode()

events = []  # (perf_counter, what) of the current run


def answer(status, body=b"", ctype=b"application/json"):
    return (b"HTTP/1.1 %s\r\nApi-Version: %s\r\nOstype: linux\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (status, API.encode(), ctype, len(body)) + body)


def serve(conn):
    buf = b""
    with conn:
        while True:
            request = read_head(conn, buf)
            if request is None:
                return
            lines, headers, buf = request
            events.append((time.perf_counter(), lines[0].decode()))
            length = int(headers.get(b"content-length", b"0"))
            while len(buf) < length:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            buf = buf[length:]
            method, path = lines[0].split(b" ")[:2]
            if path.endswith(b"/_ping"):
                conn.sendall(answer(b"200 OK", b"" if method == b"HEAD" else b"OK", b"text/plain"))
            elif method == b"GET" and path.split(b"?")[0].endswith(b"/json") and b"/containers/" in path:
                conn.sendall(answer(b"200 OK", CONTAINER))
            elif method == b"POST" and path.endswith(b"/exec"):
                conn.sendall(answer(b"201 Created", b'{"Id":"%s"}' % EXEC_ID.encode()))
            elif method == b"POST" and path.endswith(b"/start"):
                conn.sendall(b"HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                             b"Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
                conn.shutdown(socket.SHUT_WR)  # no output: the process ended at once
                while conn.recv(65536):
                    pass
                return
            elif method == b"GET" and b"/exec/" in path:
                conn.sendall(answer(b"200 OK", EXEC))
            else:
                conn.sendall(answer(b"404 Not Found", b'{"message":"page not found"}'))
            events.append((time.perf_counter(), "answered"))


def listen(path):
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.listen(16)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def main():
    global API
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        API = sys.argv[3] if len(sys.argv) > 3 else "1.50"
        if os.path.exists(sys.argv[2]):
            os.unlink(sys.argv[2])
        listen(sys.argv[2])
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    API = sys.argv[2] if len(sys.argv) > 2 else "1.50"
    path = os.path.join(tempfile.mkdtemp(prefix="exec-floor-"), "floor.sock")
    threading.Thread(target=listen, args=(path,), daemon=True).start()
    while not os.path.exists(path):
        time.sleep(0.01)
    env = dict(os.environ, DOCKER_HOST="unix://" + path)
    walls, firsts, gaps, lasts = [], [], [], []
    for i in range(3 + runs):
        events.clear()
        t0 = time.perf_counter()
        rc = subprocess.run(["docker", "exec", "floor", "true"], env=env).returncode
        t1 = time.perf_counter()
        if rc != 0:
            raise SystemExit(f"docker exec exited {rc}")
        if i < 3:
            continue
        walls.append((t1 - t0) * 1000)
        firsts.append((events[0][0] - t0) * 1000)
        reqs = [e for e in events if e[1] != "answered"]
        answered = [e for e in events if e[1] == "answered"]
        gaps.append(sum((r[0] - a[0]) * 1000 for a, r in zip(answered, reqs[1:])))
        lasts.append((t1 - events[-1][0]) * 1000)
    os.unlink(path)
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    print(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {os.cpu_count()} CPUs, load {load}, n={runs}, "
          f"API {API}, requests: {', '.join(r[1].split(' ')[0] + ' ' + r[1].split(' ')[1].split('/')[-1] for r in reqs)}")
    print(f"docker exec <c> true   null daemon  median {statistics.median(walls):5.1f} ms   "
          f"(min {min(walls):.1f}, max {max(walls):.1f})")
    print(f"  process start to first request {statistics.median(firsts):.1f} ms, client time between the answers "
          f"and the next requests {statistics.median(gaps):.1f} ms, last answer to exit {statistics.median(lasts):.1f} ms")


if __name__ == "__main__":
    main()
