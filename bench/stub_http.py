"""Request reading shared by the bench's stand-in daemons (exec-floor.py, null-daemon.py): they answer at once, so
whatever a real daemon takes beyond them is its own."""


def read_head(conn, buf):
    """The next request's head from conn, after what buf already holds: (request line and header lines, headers with
    lower-case names, the bytes after the head), or None once the client closed the connection."""
    while b"\r\n\r\n" not in buf:
        data = conn.recv(65536)
        if not data:
            return None
        buf += data
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(b":") for l in lines[1:])}
    return lines, headers, buf
