"""A local e-invoice provider server for tests and the demo, speaking the part of Viettel
SInvoice's API the kiosk uses (login, createInvoice, searchInvoiceByTransactionUuid), over
plain HTTP on loopback: ``python -m kiosk.core.einvoice.server --port 8765`` and then
``einvoice_url = viettel+http://127.0.0.1:8765``.

Like the real one it answers refusals as HTTP 200 with an ``errorCode`` (invalid series,
invalid buyer tax code, amounts that do not add up, a duplicate transaction uuid), refuses a
wrong password with 401, and can be told to answer 500 or to be slow (``fail_next``,
``delay_s``) besides the faults a proxy in front of it adds.
"""

import argparse
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from kiosk.core.einvoice.book import ProviderBook
from kiosk.core.einvoice.viettel import API, LOGIN


class ProviderServer:
    """State: the book, the account it accepts, the tokens it gave, and the faults asked for."""

    def __init__(self, *, username="0100109106", password="secret", port=0, series=None):
        self.book = ProviderBook(series=series)
        self.username, self.password = username, password
        self.tokens: set[str] = set()
        self.fail_next = 0
        self.delay_s = 0.0
        self.requests = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"viettel+http://127.0.0.1:{self.port}"
        self.book.lookup_base = f"http://127.0.0.1:{self.port}/tra-cuu"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "ProviderServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        self.requests += 1
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail_next:
            self.fail_next -= 1
            return 500, {"error": "internal"}
        if path == LOGIN:
            given = json.loads(body or b"{}")
            if (given.get("username"), given.get("password")) != (self.username, self.password):
                return 401, {"error": "invalid_grant"}
            token = secrets.token_hex(16)
            self.tokens.add(token)
            return 200, {"access_token": token, "token_type": "bearer", "expires_in": 600}
        if headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return 401, {"error": "unauthorized"}
        if path.startswith(f"{API}/createInvoice/"):
            result, code, reason = self.book.create(json.loads(body))
            public = {k: v for k, v in (result or {}).items() if k != "body"}
            return 200, {"errorCode": code, "description": reason or None, "result": public or None}
        if path == f"{API}/searchInvoiceByTransactionUuid":
            uid = parse_qs(body.decode()).get("transactionUuid", [""])[0]
            found = self.book.find(uid)
            public = [{k: v for k, v in found.items() if k != "body"}] if found else None
            return 200, {"errorCode": None, "description": None, "result": public}
        return 404, {"error": "not found"}


def _handler(server: ProviderServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, answer = server.answer(self.path, self.headers, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # the test output stays quiet
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--username", default="0100109106")
    parser.add_argument("--password", default="secret")
    args = parser.parse_args()
    server = ProviderServer(username=args.username, password=args.password, port=args.port)
    print(f"local e-invoice provider at {server.url}", flush=True)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main()
