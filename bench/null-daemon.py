#!/usr/bin/env python3
"""A stand-in daemon that answers /_ping and swallows any request body, then answers one empty JSON message.

It measures what a client costs by itself: `docker build` against it is the docker CLI walking, reading and sending
the context with no daemon work at all, the floor under any daemon's figure.
Usage: bench/null-daemon.py /tmp/null.sock   (runs until killed)
"""
import os
import socket
import sys
import threading

from stub_http import read_head


def serve(conn):
    buf = b""
    with conn:
        while True:
            request = read_head(conn, buf)
            if request is None:
                return
            lines, headers, buf = request
            if b"/_ping" in lines[0]:
                conn.sendall(b"HTTP/1.1 200 OK\r\nApi-Version: 1.50\r\nOstype: linux\r\nContent-Length: 2\r\n\r\nOK")
                continue
            if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
                while not buf.endswith(b"0\r\n\r\n"):
                    data = conn.recv(1 << 20)
                    if not data:
                        return
                    buf = buf[-16:] + data
            else:
                left = int(headers.get(b"content-length", b"0")) - len(buf)
                while left > 0:
                    data = conn.recv(min(left, 1 << 20))
                    if not data:
                        return
                    left -= len(data)
            body = b'{"stream":"null daemon\\n"}\r\n'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            return


def main():
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.listen(16)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
