"""Head office with SePay's webhook switched on, in this process, and a kiosk enrolled there:
the bank's side of a VietQR sale, driven through the simulator."""

import httpx

from hq.bank import simulator
from hq.bank.routes import BankSettings
from kiosk.core.sync.service import SyncService
from kiosk.core.sync.state import Enrolment, save_enrolment
from tests.hq.conftest import InProcessHq

KEY = "sepay-key-for-tests"
ACCOUNT = "0123456789"


def bank_hq(database_url: str) -> InProcessHq:
    return InProcessHq(database_url, bank=BankSettings(sepay_api_key=KEY, account=ACCOUNT))


class Switch(httpx.BaseTransport):
    """The kiosk's line to head office, which a test can cut (``offline``) and mend."""

    def __init__(self, hq: InProcessHq):
        self.target = hq.client._transport
        self.offline = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("the line is down", request=request)
        return self.target.handle_request(request)


def enrolled_sync(till, hq: InProcessHq) -> tuple[SyncService, Switch]:
    """A sync service for ``till``, enrolled at ``hq`` under the till's terminal code."""
    code = till.settings["terminal_code"]
    token = hq.terminal_token(code)
    save_enrolment(till.session_factory, Enrolment("http://testserver", code, token))
    line = Switch(hq)
    http = httpx.Client(transport=line, base_url="http://testserver")
    return SyncService(till.session_factory, till.settings, client_options={"http": http}), line


def notify(hq: InProcessHq, amount_vnd: int, content: str, **kw) -> httpx.Response:
    """The bank reports a transfer to the shop's account (SePay's webhook, with its key)."""
    body = simulator.webhook_body(amount_vnd, content, account=ACCOUNT, **kw)
    return simulator.send("", KEY, body, http=hq.client)
