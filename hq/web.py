"""Read-only pages for head-office operators: terminals, rejected entries, today's sales.

Server-rendered HTML with escaped values, behind a sign-in; no JavaScript, no template engine.
"""

import datetime as dt
import hmac
import html
import secrets
import zoneinfo
from collections.abc import Iterable
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hq import access, catalogue, figures, operators
from hq.einvoices import InvoiceState, open_invoices
from hq.models import Operator, RejectedEntry, Terminal
from hq.throttle import Throttle, TooManyAttempts

COOKIE = "ocop_hq_session"
CSRF_COOKIE = "ocop_hq_csrf"
# The pages' one style sheet: the Content-Security-Policy allows it by its hash (hq.headers).
# On a phone (390 px wide) the page keeps its width and each table scrolls sideways in its
# wrapper, instead of the browser zooming the whole page out to fit the widest table.
STYLE = (
    "body{font-family:sans-serif;margin:2em}.scroll{overflow-x:auto;margin-bottom:2em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;"
    "text-align:left;white-space:nowrap}.num{text-align:right}.inline{display:inline}"
    "input,button{font-size:1rem;min-height:2.75rem}"
    "@media (max-width:40em){body{margin:.75em}h1{font-size:1.4em}h2{font-size:1.15em}}"
)
VIEWPORT = "<meta name='viewport' content='width=device-width, initial-scale=1'>"
SHOP_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class SignInRequired(Exception):
    """The page needs a signed-in operator."""


def redirect_to_sign_in() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>{VIEWPORT}"
        f"<title>{html.escape(title)}</title><style>{STYLE}"
        f"</style></head><body>{body}</body></html>",
        status_code=status,
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )


# Pages for a browser at an address head office does not serve (the API keeps its JSON errors).
_ERROR_PAGES = {
    404: (
        "Không tìm thấy trang / Page not found",
        "Địa chỉ này không có ở máy chủ trụ sở. / There is no such address at head office.",
    ),
    405: (
        "Không dùng được cách này / Method not allowed",
        "Địa chỉ này không nhận yêu cầu kiểu này. / This address does not take this kind of "
        "request.",
    ),
}


def wants_page(request: Request, status: int) -> bool:
    """Whether an error answer should be a page: a browser's request outside the API."""
    accept = request.headers.get("accept", "")
    return (
        status in _ERROR_PAGES
        and not request.url.path.startswith("/api/")
        and "text/html" in accept
    )


def error_page(status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    """A small page saying what went wrong, in Vietnamese and English, with a way back."""
    title, text = _ERROR_PAGES[status]
    page = _page(
        f"{title} — OCOP HQ",
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        "<p><a href='/'>Về trang chính / Back to the main page</a></p>",
        status=status,
    )
    page.headers.update(headers or {})
    return page


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(SHOP_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='num'>{html.escape(c)}</td>"
            if i in numeric
            else f"<td>{html.escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    if not rows:
        body = f"<tr><td colspan='{len(headers)}'>—</td></tr>"
    return f"<div class='scroll'><table><tr>{head}</tr>{body}</table></div>"


def router(session_factory: sessionmaker[Session], throttle: Throttle | None = None) -> APIRouter:
    """The operator pages: signing in and out, and the dashboard behind the sign-in."""
    r = APIRouter(include_in_schema=False)
    _add_sign_in(r, session_factory, throttle)
    _add_sign_out(r, session_factory)
    _add_dashboard(r, session_factory)
    return r


def same_origin(request: Request) -> bool:
    """Whether the request comes from a page of this site: its Origin is this server's.

    Browsers send Origin with every POST; a request without one is not from a browser's form of
    ours (curl with a stolen cookie has no need of CSRF, and sends none).
    """
    origin = request.headers.get("origin")
    return origin is not None and origin == str(request.base_url).rstrip("/")


def _form_refused() -> HTMLResponse:
    return _page(
        "OCOP HQ",
        "<p role='alert'>Biểu mẫu đã hết hạn, hãy tải lại trang / The form has expired: "
        "reload the page.</p><p><a href='/login'>Đăng nhập / Sign in</a></p>",
        status=403,
    )


def _sign_in_form(csrf: str, message: str = "", status: int = 200) -> HTMLResponse:
    return _page(
        "Đăng nhập — OCOP HQ",
        "<h1>OCOP head office</h1>" + message + "<form method='post' action='/login'>"
        f"<input type='hidden' name='csrf' value='{html.escape(csrf)}'>"
        "<p><label>Tên / Name <input name='name' autocomplete='username' required></label></p>"
        "<p><label>Mật khẩu / Password <input name='password' type='password' "
        "autocomplete='current-password' required></label></p>"
        "<p><button type='submit'>Đăng nhập / Sign in</button></p></form>",
        status=status,
    )


def _set_cookie(request: Request, response: Response, name: str, value: str, seconds: int):
    secure = request.url.scheme == "https"
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=secure, max_age=seconds
    )


def _add_sign_in(
    r: APIRouter, session_factory: sessionmaker[Session], throttle: Throttle | None
) -> None:
    """The sign-in form, signing in (a session cookie) and signing out, each form with a CSRF
    token: the sign-in form's in a cookie of its own (there is no session yet), the others'
    derived from the session."""

    @r.get("/login")
    def login_form(request: Request, failed: int = 0) -> HTMLResponse:
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        msg = (
            "<p role='alert'>Sai tên hoặc mật khẩu / Wrong name or password.</p>" if failed else ""
        )
        response = _sign_in_form(csrf, msg, status=401 if failed else 200)
        _set_cookie(request, response, CSRF_COOKIE, csrf, 3600)
        return response

    @r.post("/login")
    async def login(request: Request):
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        name = (form.get("name") or [""])[0]
        password = (form.get("password") or [""])[0]
        expected = request.cookies.get(CSRF_COOKIE, "")
        given = (form.get("csrf") or [""])[0]
        if not expected or not hmac.compare_digest(given, expected) or not same_origin(request):
            return _form_refused()
        address = request.client.host if request.client else ""
        try:
            with session_factory.begin() as session:
                token = operators.sign_in(
                    session, name, password, throttle=throttle, address=address
                )
        except TooManyAttempts as exc:
            wait = exc.data["retry_after"]
            msg = (
                "<p role='alert'>Quá nhiều lần thử sai; hãy thử lại sau "
                f"{(wait + 59) // 60} phút / Too many wrong attempts: try again in "
                f"{(wait + 59) // 60} min.</p>"
            )
            response = _sign_in_form(expected, msg, status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        if token is None:
            return RedirectResponse("/login?failed=1", status_code=303)
        response = RedirectResponse(_landing(session_factory, token), status_code=303)
        _set_cookie(
            request, response, COOKIE, token, int(operators.SESSION_LIFETIME.total_seconds())
        )
        response.delete_cookie(CSRF_COOKIE)
        return response


def _landing(session_factory: sessionmaker[Session], token: str) -> str:
    """Where an operator lands after signing in: a producer on its own view, others the
    dashboard."""
    with session_factory() as session:
        operator = operators.operator_of(session, token)
    return "/producer" if operator is not None and operator.role == access.PRODUCER else "/"


def _add_sign_out(r: APIRouter, session_factory: sessionmaker[Session]) -> None:
    """Signing out: a form with the session's CSRF token, from a page of this site."""

    @r.post("/logout")
    async def logout(request: Request):
        token = request.cookies.get(COOKIE)
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        given = (form.get("csrf") or [""])[0]
        if token:
            if not hmac.compare_digest(given, operators.session_key(token)):
                return _form_refused()
            if not same_origin(request):
                return _form_refused()
            with session_factory.begin() as session:
                operators.sign_out(session, token)
        response = redirect_to_sign_in()
        response.delete_cookie(COOKIE)
        return response


def _add_dashboard(r: APIRouter, session_factory: sessionmaker[Session]) -> None:
    """The dashboard: terminals, today's sales and rejected entries, for a signed-in operator."""

    def signed_in(request: Request) -> Operator:
        with session_factory() as session:
            operator = operators.operator_of(session, request.cookies.get(COOKIE))
        if operator is None:
            raise SignInRequired()
        return operator

    @r.get("/")
    def dashboard(
        request: Request,
        operator: Operator = Depends(signed_in),  # noqa: B008
    ) -> HTMLResponse:
        if operator.role == access.PRODUCER:  # its own view, never the chain's
            return RedirectResponse("/producer", status_code=303)
        csrf = operators.session_key(request.cookies.get(COOKIE, ""))
        today = dt.datetime.now(SHOP_TZ).date()
        with session_factory() as session:
            data = _dashboard_data(session, today)
        return _page("OCOP HQ", _nav(operator, csrf) + _dashboard_body(today, **data))


_NAV_LINKS = (
    ("/transfers", "Chuyển khoản / Bank transfers"), ("/reports", "Báo cáo / Reports"),
    ("/producer", "Nhà sản xuất / Producers"), ("/receipts", "Phiếu bán / Receipts"),
    ("/shifts", "Ca / Shifts"), ("/shops", "Cửa hàng / Shops"), ("/terminals", "Máy / Terminals"),
    ("/operators", "Người dùng / Operators"),
)  # fmt: skip


def _nav(operator: Operator, csrf: str) -> str:
    links = " · ".join(f"<a href='{href}'>{label}</a>" for href, label in _NAV_LINKS)
    return (
        f"<p>{html.escape(operator.name)} · <form method='post' action='/logout' "
        f"class='inline'><input type='hidden' name='csrf' value='{csrf}'>"
        f"<button>Đăng xuất / Sign out</button></form> · {links}</p>"
    )


def _dashboard_data(session: Session, today: dt.date) -> dict:
    return {
        "version": catalogue.current_version(session),
        "terms": session.scalars(select(Terminal).order_by(Terminal.code)).all(),
        "days": figures.day_by_terminal(session, today),
        "rejected": session.execute(
            select(RejectedEntry, Terminal.code)
            .join(Terminal, Terminal.id == RejectedEntry.terminal_id)
            .order_by(RejectedEntry.last_received_at.desc())
            .limit(100)
        ).all(),
        "invoices": open_invoices(session),
    }


def _dashboard_body(today: dt.date, *, version, terms, days, rejected, invoices) -> str:
    sale_rows = [
        [code, str(d.sales_count), _vnd(d.sales_vnd), f"{d.voids_count} · {_vnd(d.voids_vnd)}",
         f"{d.refunds_count} · {_vnd(d.refunds_vnd)}", _vnd(d.net_vnd)]
        for code, d in days.items()
    ]  # fmt: skip
    terminal_headers = ["Terminal", "State", "Last push", "Last pull", "Backlog", "Last seq",
                        "Catalogue", "Phiên bản / Version"]  # fmt: skip
    return (
        "<h1>Máy bán hàng / Terminals</h1>"
        f"<p>Phiên bản danh mục ở trụ sở / Head office's catalogue version: {version}</p>"
        + _table(terminal_headers, _terminal_rows(terms, version), {4, 5, 6})
        + f"<h2>Doanh số hôm nay / Today's sales ({today.isoformat()})</h2>"
        + _table(
            ["Terminal", "Sales", "Total", "Hủy / Voids", "Trả hàng / Refunds", "Net"],
            sale_rows,
            {1, 2, 3, 4, 5},
        )
        + "<h2>Bản ghi bị từ chối / Rejected entries</h2>"
        + _table(
            ["Terminal", "Entry", "Kind", "Reason", "Attempts", "Last received"],
            _rejected_rows(rejected),
            {4},
        )
        + "<h2>Hóa đơn điện tử chờ lập hoặc bị từ chối / E-invoices pending or refused</h2>"
        + _table(
            ["Terminal", "Invoice", "Kind", "State", "Reason", "Since"], _invoice_rows(invoices)
        )
    )


def _catalogue_cell(applied: int, current: int) -> str:
    """The catalogue version a terminal has applied, and how far behind head office's it is."""
    if applied >= current:
        return str(applied)
    return f"{applied} (thiếu {current - applied} / {current - applied} behind)"


def _terminal_rows(terms: Iterable[Terminal], version: int) -> list[list[str]]:
    """The terminals table's cells: state, last push and pull, backlog, cursors."""
    return [
        [
            t.code,
            "thu hồi / revoked"
            if t.revoked_at
            else ("hoạt động / active" if t.token_hash else "chờ đăng ký / awaiting enrolment"),
            _when(t.last_push_at),
            _when(t.last_pull_at),
            str(t.backlog),
            "" if t.last_seq is None else str(t.last_seq),
            _catalogue_cell(t.catalogue_version, version),
            _version_cell(t),
        ]
        for t in terms
    ]


def _version_cell(t: Terminal) -> str:
    """The version the terminal runs, and the one it is updating to with what it last said of
    it: "0.1.0 → 0.2.0 (staged 0.2.0)"."""
    cell = t.app_version or "—"
    if t.update_version and t.update_version != t.app_version:
        cell += f" → {t.update_version}"
    if t.update_state:
        cell += f" ({t.update_state})"
    return cell


def _rejected_rows(rejected: Iterable[tuple[RejectedEntry, str]]) -> list[list[str]]:
    """The rejected entries table's cells, from (entry, terminal code) pairs."""
    return [
        [
            code,
            str(e.entry_id or "—"),
            e.kind,
            e.reason,
            str(e.attempts),
            _when(e.last_received_at),
        ]
        for e, code in rejected
    ]


def _invoice_rows(invoices: Iterable[InvoiceState]) -> list[list[str]]:
    """The open e-invoices' cells: which sale's (the key), its state and the provider's reason."""
    state = {"pending": "chờ gửi / pending", "failed": "bị từ chối / refused"}
    return [
        [i.terminal_code, i.invoice_no or f"{i.symbol} · {i.key}", i.kind,
         state.get(i.status, i.status), i.reason, _when(i.since)]
        for i in invoices
    ]  # fmt: skip
