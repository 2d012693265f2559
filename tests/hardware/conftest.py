"""Fixtures for hardware tests: the bundled fonts, a loopback network printer, a pty scanner."""

from __future__ import annotations

import os
import select
import socket
import threading
from pathlib import Path

import pytest

# python-escpos writes its capabilities cache there at import; a fresh clone has no such folder.
if os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
    os.makedirs(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"], exist_ok=True)

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FONT = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"

READY = 0x12  # a real-time status byte with nothing wrong
PAPER_END = 0x12 | 0x60


class LoopbackPrinter:
    """A network printer on 127.0.0.1: accepts connections, keeps each one's bytes as a job,
    answers ``DLE EOT n`` with ``replies[n]`` (no answer when absent), and can vanish after
    receiving ``vanish_after`` bytes of a job (closing with a reset, like a printer switched off)."""

    def __init__(self) -> None:
        self.replies: dict[int, int] = {1: READY, 4: READY}
        self.vanish_after: int | None = None
        self.jobs: list[bytes] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self.port = self._server.getsockname()[1]
        self.url = f"escpos+tcp://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._done = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        received = bytearray()
        with conn:
            while not self._stop.is_set():
                ready, _, _ = select.select([conn], [], [], 0.1)
                if not ready:
                    continue
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    break
                if not chunk:
                    break
                tail = len(received)
                received += chunk
                window = received[max(0, tail - 2) :]
                for pos in range(len(window) - 2):
                    if (
                        window[pos] == 0x10
                        and window[pos + 1] == 0x04
                        and window[pos + 2] in self.replies
                    ):
                        conn.sendall(bytes((self.replies[window[pos + 2]],)))
                if self.vanish_after is not None and len(received) >= self.vanish_after:
                    conn.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    break
        with self._done:
            self.jobs.append(bytes(received))
            self._done.notify_all()

    def wait_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        with self._done:
            self._done.wait_for(lambda: len(self.jobs) >= count, timeout)
        return self.jobs

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=2)


@pytest.fixture
def loopback_printer():
    printer = LoopbackPrinter()
    yield printer
    printer.close()


class PtyScannerPort:
    """A scanner at the end of a pty: ``path`` is a stable symlink (like /dev/serial/by-id/...)
    to the current pty's slave; ``unplug`` closes the master, ``replug`` makes a new pty."""

    def __init__(self, folder: Path) -> None:
        self.path = str(folder / "scanner")
        self.master: int | None = None
        self.slave_path = ""
        self.replug()

    def replug(self) -> None:
        master, slave = os.openpty()
        self.slave_path = os.ttyname(slave)
        os.close(slave)  # the scanner opens it by path, like a real port
        if os.path.lexists(self.path):
            os.unlink(self.path)
        os.symlink(self.slave_path, self.path)
        self.master = master

    def unplug(self) -> None:
        os.unlink(self.path)
        if self.master is not None:
            os.close(self.master)
            self.master = None

    def write(self, data: bytes) -> None:
        assert self.master is not None
        os.write(self.master, data)

    def close(self) -> None:
        if self.master is not None:
            os.close(self.master)
            self.master = None


@pytest.fixture
def pty_port(tmp_path):
    port = PtyScannerPort(tmp_path)
    yield port
    port.close()
