"""Send N parallel uploads of SIZE bytes to a head office and report what they cost its memory.

    python scripts/hq_flood.py URL PID [--uploads 20] [--mib 200] [--path /login] [--chunked]
                               [--token BEARER]

PID is the server's process: its peak resident memory (VmHWM) is read before and after. Each upload
is sent over its own socket as fast as the server takes it; it stops when the server answers or
closes the connection. Prints one line of figures; tests/hq/test_limits.py runs it.
"""

import argparse
import socket
import threading
import time
from urllib.parse import urlsplit

CHUNK = b"x" * (256 * 1024)


def peak_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def upload(
    host: str, port: int, path: str, size: int, chunked: bool, token: str, out: list
) -> None:
    """One upload; appends (status or None, bytes sent) to ``out``."""
    sent = 0
    with socket.create_connection((host, port), timeout=30) as s:
        length = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size
        auth = b"Authorization: Bearer %s\r\n" % token.encode() if token else b""
        s.sendall(b"POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-"
                  b"urlencoded\r\n%s%s\r\n\r\n" % (path.encode(), host.encode(), auth, length))  # fmt: skip
        try:
            while sent < size:
                piece = CHUNK[: size - sent]
                s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            if chunked:
                s.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed: what we wanted
        try:
            head = s.recv(64)
            status = int(head.split()[1]) if head.startswith(b"HTTP/1.1") else None
        except (OSError, IndexError, ValueError):
            status = None
    out.append((status, sent))


def flood(
    url: str, pid: int, uploads: int, mib: int, path: str, chunked: bool, token: str = ""
) -> dict:
    parts = urlsplit(url)
    before = peak_rss_kib(pid)
    results: list = []
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=upload,
            args=(parts.hostname, parts.port, path, mib * 2**20, chunked, token, results),
        )
        for _ in range(uploads)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "uploads": uploads,
        "statuses": sorted({str(s) for s, _ in results}),
        "sent_mib": round(sum(n for _, n in results) / 2**20, 1),
        "seconds": round(time.monotonic() - started, 2),
        "peak_rss_before_mib": round(before / 1024, 1),
        "peak_rss_after_mib": round(peak_rss_kib(pid) / 1024, 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url")
    p.add_argument("pid", type=int)
    p.add_argument("--uploads", type=int, default=20)
    p.add_argument("--mib", type=int, default=200)
    p.add_argument("--path", default="/login")
    p.add_argument("--chunked", action="store_true")
    p.add_argument("--token", default="", help="a terminal's bearer token")
    a = p.parse_args()
    print(flood(a.url, a.pid, a.uploads, a.mib, a.path, a.chunked, a.token))


if __name__ == "__main__":
    main()
