"""A TCP proxy that understands just enough HTTP/1.1 to break it on purpose, request by request.

Faults, chosen per request by a plan (a fixed script, then weighted random with a seed):
- ``pass``: forward and answer;
- ``drop_before``: close the client's connection before head office sees the request;
- ``drop_after``: forward (head office commits), then close without answering;
- ``error500``: answer 500 without forwarding;
- ``cut``: forward, then send half of the answer and close;
- ``stall``: forward, then hold the answer longer than the client waits, and close;
- ``stall_before``: hold the request longer than the client waits, never forward it;
- ``hold``: forward, then keep the answer until :meth:`release` (to kill the client meanwhile).
"""

import random
import socket
import threading
from collections import Counter

FAULTS = ("pass", "drop_before", "drop_after", "error500", "cut", "stall", "stall_before", "hold")


def _read_message(sock: socket.socket, buf: bytearray) -> bytes | None:
    """One HTTP message (headers and a Content-Length body) from ``sock``, or None at EOF."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head_end = buf.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buf[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buf) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    message = bytes(buf[: head_end + length])
    del buf[: head_end + length]
    return message


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        weights: dict[str, float] | None = None,
        script: list[str] | None = None,
        seed: int = 7,
        stall_s: float = 3.0,
    ):
        self.upstream_port = upstream_port
        self.weights = weights or {"pass": 1.0}
        self.script = list(script or [])
        self.rng = random.Random(seed)
        self.stall_s = stall_s
        self.counts: Counter[str] = Counter()
        self.held = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()

    def set_plan(self, *, weights: dict[str, float] | None = None, script: list[str] | None = None):
        with self._lock:
            if weights is not None:
                self.weights = weights
            if script is not None:
                self.script = list(script)

    def release(self) -> None:
        self._release.set()

    def close(self) -> None:
        self._closing.set()
        self._release.set()
        self._listener.close()

    @property
    def faults(self) -> int:
        return sum(n for f, n in self.counts.items() if f != "pass")

    def _choose(self) -> str:
        with self._lock:
            if self.script:
                fault = self.script.pop(0)
            else:
                names = list(self.weights)
                fault = self.rng.choices(names, [self.weights[n] for n in names])[0]
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
            up.sendall(request)
            response = _read_message(up, bytearray())
        if response is None:
            raise ConnectionError("upstream closed without answering")
        return response

    def _serve(self, client: socket.socket) -> None:
        buf = bytearray()
        try:
            while True:
                request = _read_message(client, buf)
                if request is None:
                    return
                fault = self._choose()
                if fault == "drop_before":
                    return
                if fault == "stall_before":
                    self._closing.wait(self.stall_s)
                    return
                if fault == "error500":
                    client.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n"
                        b"connection: close\r\n\r\n"
                    )
                    return
                response = self._forward(request)
                if fault == "drop_after":
                    return
                if fault == "cut":
                    client.sendall(response[: len(response) // 2])
                    return
                if fault == "stall":
                    self._closing.wait(self.stall_s)
                    return
                if fault == "hold":
                    self.held.set()
                    self._release.wait()
                    return
                client.sendall(response)
        except OSError:
            return
        finally:
            client.close()
