"""What the chain's pages share: the signed-in operator and their forms' CSRF token, refusals
answered as pages, the navigation, form reading, dates and paging."""

import dataclasses
import datetime as dt
import hmac
import html
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session, sessionmaker

from hq import access, operators, web
from hq.models import Operator

PAGE_SIZE = 50


class Refused(Exception):
    """The page is not this operator's to see (403), or there is no such thing for them (404)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


_REFUSALS = {
    403: (
        "Không có quyền / Not allowed",
        "Vai trò của bạn không cho phép việc này. / Your role does not allow this.",
    ),
    404: (
        "Không tìm thấy / Not found",
        "Không có mục này, hoặc nó không thuộc phạm vi của bạn. / There is no such item, or it "
        "is outside what you may see.",
    ),
}


def refused_page(exc: Refused) -> HTMLResponse:
    title, text = _REFUSALS[exc.status]
    return web._page(
        f"{title} — OCOP HQ",
        f"<h1>{html.escape(title)}</h1><p role='alert'>{html.escape(text)}</p>"
        "<p><a href='/'>Về trang chính / Back to the main page</a></p>",
        status=exc.status,
    )


@dataclasses.dataclass(frozen=True)
class Viewer:
    """The signed-in operator of a request and the CSRF token of the forms shown to them."""

    operator: Operator
    csrf: str

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise Refused(403)


def viewer(session_factory: sessionmaker[Session], request: Request) -> Viewer:
    """The request's signed-in operator, else to the sign-in page (web.SignInRequired)."""
    token = request.cookies.get(web.COOKIE)
    with session_factory() as session:
        operator = operators.operator_of(session, token)
    if operator is None or not token:
        raise web.SignInRequired()
    return Viewer(operator, operators.session_key(token))


async def read_form(request: Request, who: Viewer) -> dict[str, str]:
    """The posted form's fields (first value of each), once its CSRF token and origin are this
    session's and this site's; else the form-expired page's refusal."""
    form = {
        k: v[0]
        for k, v in parse_qs(
            (await request.body()).decode("utf-8", "replace"), keep_blank_values=True
        ).items()
    }
    if not hmac.compare_digest(form.get("csrf", ""), who.csrf) or not web.same_origin(request):
        raise FormExpired()
    return form


class FormExpired(Refused):
    def __init__(self):
        super().__init__(403)


def csrf_field(who: Viewer) -> str:
    return f"<input type='hidden' name='csrf' value='{html.escape(who.csrf)}'>"


_LINKS = (
    ("/", "Trang chính / Dashboard", lambda op: op.role != access.PRODUCER),
    ("/reports", "Báo cáo / Reports", access.sees_every_shop),
    ("/producer", "Nhà sản xuất / Producer", access.sees_producers),
    ("/receipts", "Phiếu / Receipts", lambda op: True),
    ("/shifts", "Ca / Shifts", access.sees_shops),
    ("/shops", "Cửa hàng / Shops", access.sees_shops),
    ("/terminals", "Máy bán hàng / Terminals", access.sees_shops),
    ("/catalogue", "Danh mục / Catalogue", access.sees_catalogue),
    ("/operators", "Người dùng / Operators", access.manages_operators),
    ("/kiosk-users", "Nhân viên quầy / Kiosk users", access.manages_kiosk_users),
    ("/transfers", "Chuyển khoản / Bank transfers", access.sees_every_shop),
)


def nav(who: Viewer) -> str:
    """The links to the pages this operator may open, who they are and signing out: the same
    on every page."""
    links = " · ".join(
        f"<a href='{href}'>{text}</a>" for href, text, shown in _LINKS if shown(who.operator)
    )
    role = access.ROLE_NAMES.get(who.operator.role, who.operator.role)
    return (
        # a div, not a p: a form inside a p ends the p, and the button fell onto its own line
        f"<nav><p>{links}</p><div>{html.escape(who.operator.name)} · {html.escape(role)} · "
        f"<form method='post' action='/logout' class='inline'>{csrf_field(who)}"
        "<button>Đăng xuất / Sign out</button></form></div></nav>"
    )


def page(who: Viewer, title: str, body: str, status: int = 200) -> HTMLResponse:
    return web._page(f"{title} — OCOP HQ", nav(who) + body, status=status)


def alert(text: str) -> str:
    return f"<p role='alert'><strong>{html.escape(text)}</strong></p>" if text else ""


def parse_date(value: str | None) -> dt.date | None:
    """A date typed in a filter, or None when empty or not a date (the filter is left off)."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_vnd(value: str | None) -> int | None:
    """An amount typed as 125000, 125.000 or 125,000 đồng; None when empty or not a number."""
    digits = (value or "").replace(".", "").replace(",", "").replace(" ", "").replace("₫", "")
    return int(digits) if digits.isdigit() and len(digits) <= 15 else None


def pager(path: str, params: dict[str, str], page_no: int, more: bool) -> str:
    """Links to the previous and next page of a list, keeping its filters."""
    kept = {k: v for k, v in params.items() if v and k != "page"}
    links = []
    if page_no > 1:
        links.append(f"<a href='{path}?{html.escape(urlencode({**kept, 'page': page_no - 1}))}'>"
                     "← Trang trước / Previous</a>")  # fmt: skip
    links.append(f"Trang / Page {page_no}")
    if more:
        links.append(f"<a href='{path}?{html.escape(urlencode({**kept, 'page': page_no + 1}))}'>"
                     "Trang sau / Next →</a>")  # fmt: skip
    return "<p>" + " · ".join(links) + "</p>"


def short_id(value) -> str:
    return "…" + str(value)[-8:] if value else "—"
