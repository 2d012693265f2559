"""Read-only pages for head-office operators: terminals, rejected entries, today's sales.

Server-rendered HTML with escaped values, behind a sign-in; no JavaScript, no template engine.
"""

import datetime as dt
import hmac
import html
import secrets
import zoneinfo
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from hq import access, operators
from hq.models import Operator
from hq.throttle import Throttle, TooManyAttempts

COOKIE = "ocop_hq_session"
CSRF_COOKIE = "ocop_hq_csrf"
# The pages' one style sheet: the Content-Security-Policy allows it by its hash (hq.headers).
# On a phone (390 px wide) the page keeps its width and each table scrolls sideways in its
# wrapper, instead of the browser zooming the whole page out to fit the widest table. Text cells
# and headers wrap (a 1280-px screen shows every column of the widest report); amounts do not,
# nor does anything on a phone, where the table scrolls anyway and a name in four lines is worse.
STYLE = (
    "body{font-family:sans-serif;margin:2em}.scroll{overflow-x:auto;margin-bottom:2em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;"
    "text-align:left}th{vertical-align:bottom;min-width:3em}"
    ".num{text-align:right;white-space:nowrap}.inline{display:inline}"
    ".prose{white-space:normal;min-width:14em}"
    "input,button,select{font-size:1rem;min-height:2.75rem;max-width:100%}"
    ".chart{max-width:48em;margin:1em 0 1.5em}"
    "nav a{display:inline-block;white-space:nowrap;padding:.4em 0}"
    "@media (max-width:40em){body{margin:.75em}h1{font-size:1.4em}h2{font-size:1.15em}"
    "td{white-space:nowrap}"
    "form label{display:block;margin:.3em 0}}"
)
VIEWPORT = "<meta name='viewport' content='width=device-width, initial-scale=1'>"
# The tab's icon, served by head office itself: without one a browser asks for /favicon.ico on
# every page and logs the 404 in its console.
ICON = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
    "<rect width='32' height='32' rx='6' fill='#2f7d4f'/><text x='16' y='22' "
    "font-family='sans-serif' font-size='15' font-weight='bold' fill='#fff' "
    "text-anchor='middle'>HQ</text></svg>"
)
ICON_LINK = "<link rel='icon' href='/favicon.svg' type='image/svg+xml'>"
SHOP_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class SignInRequired(Exception):
    """The page needs a signed-in operator."""


def redirect_to_sign_in() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>{VIEWPORT}{ICON_LINK}"
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
    return value.astimezone(SHOP_TZ).strftime("%d/%m/%Y %H:%M")  # as Vietnam writes it


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

    @r.get("/favicon.svg")
    @r.get("/favicon.ico")
    def icon() -> Response:
        return Response(ICON, media_type="image/svg+xml",
                        headers={"Cache-Control": "max-age=86400"})  # fmt: skip

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
        # A shop manager sees their own shop's terminals only (hq.access).
        shop = None if access.sees_every_shop(operator) else (operator.shop_id or -1)
        # these use this module's helpers: imported here, not at the top
        from hq.dashboard import dashboard_body, dashboard_data
        from hq.pages.common import Viewer, page

        with session_factory() as session:
            data = dashboard_data(session, today, shop)
        who = Viewer(operator, csrf)
        return page(who, "Trang chính / Dashboard", dashboard_body(today, **data))
