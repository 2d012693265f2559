"""The terminals page: each terminal with its shop and state; a chain manager or an admin
issues a one-time enrolment code (for a new terminal or a replacement) and revokes a terminal."""

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hq import access, terminals, web
from hq.errors import HqError
from hq.models import Shop, Terminal
from hq.pages import scope
from hq.pages.common import Viewer, alert, csrf_field, page, read_form, viewer
from hq.pages.messages import plain

DONE = {"revoked": "Đã thu hồi máy / Terminal revoked"}


def _state(t: Terminal) -> str:
    if t.revoked_at:
        return "thu hồi / revoked"
    return "hoạt động / active" if t.token_hash else "chờ đăng ký / awaiting enrolment"


def _list(session: Session, who: Viewer) -> str:
    found = session.execute(
        select(Terminal, Shop)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(scope.terminal_visible(who.operator, Terminal.id))
        .order_by(Shop.code, Terminal.code)
    )
    manage = access.manages_terminals(who.operator)
    rows = ""
    for t, shop in found:
        rows += (f"<tr><td>{html.escape(t.code)}</td><td>{html.escape(shop.code)} · "
                 f"{html.escape(shop.name)}</td><td>{_state(t)}</td>"
                 f"<td>{web._when(t.last_push_at)}</td>")  # fmt: skip
        if manage:
            button = (
                f"<form method='post' action='/terminals/{html.escape(t.code)}/revoke' "
                f"class='inline'>{csrf_field(who)}<button>Thu hồi / Revoke</button></form>"
                if not t.revoked_at
                else ""
            )
            rows += f"<td>{button}</td>"
        rows += "</tr>"
    head = ["Máy / Terminal", "Cửa hàng / Shop", "Trạng thái / State", "Lần gửi cuối / Last push"]
    head += ["Thu hồi / Revoke"] if manage else []
    ths = "".join(f"<th>{h}</th>" for h in head)
    return f"<div class='scroll'><table><tr>{ths}</tr>{rows}</table></div>"


def _issue_form(session: Session, who: Viewer, form: dict[str, str]) -> str:
    options = "".join(
        f"<option value='{s.id}'{' selected' if form.get('shop') == str(s.id) else ''}>"
        f"{html.escape(s.code)} · {html.escape(s.name)}</option>"
        for s in session.scalars(select(Shop).order_by(Shop.code))
    )
    return (
        "<h2>Cấp mã đăng ký / Issue an enrolment code</h2>"
        "<p>Cho máy mới, hoặc máy thay cho một máy đã thu hồi (cùng mã). / For a new terminal, or "
        "one replacing a revoked terminal (same code).</p>"
        f"<form method='post' action='/terminals'>{csrf_field(who)}<p>"
        f"<label>Mã máy / Terminal code <input name='code' required "
        f"value='{html.escape(form.get('code', ''))}'></label> "
        f"<label>Cửa hàng / Shop <select name='shop'>{options}</select></label> "
        "<button>Cấp mã / Issue code</button></p></form>"
    )


def terminals_page(session_factory, who: Viewer, message="", form=None, status=200):
    with session_factory() as session:
        body = "<h1>Máy bán hàng / Terminals</h1>" + message + _list(session, who)
        if access.manages_terminals(who.operator):
            body += _issue_form(session, who, form or {})
    return page(who, "Máy bán hàng / Terminals", body, status)


def _issued(who: Viewer, code: str, enrol_code: str) -> HTMLResponse:
    body = (
        f"<h1>Mã đăng ký cho máy / Enrolment code for terminal {html.escape(code)}</h1>"
        f"<p><strong>{html.escape(enrol_code)}</strong></p>"
        f"<p>Nhập mã này trên máy {html.escape(code)}; dùng được một lần, trong "
        f"{terminals.ENROL_CODE_VALID_FOR.days} ngày. Trang này không hiện lại mã. / Type this "
        f"code at terminal {html.escape(code)}: it works once, within "
        f"{terminals.ENROL_CODE_VALID_FOR.days} days. It is not shown again.</p>"
        "<p><a href='/terminals'>← Máy bán hàng / Terminals</a></p>"
    )
    return page(who, "Mã đăng ký / Enrolment code", body)


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/terminals")
    def listing(request: Request, done: str = "") -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.sees_shops(who.operator))
        return terminals_page(session_factory, who, alert(DONE.get(done, "")))

    @r.post("/terminals")
    async def issue(request: Request):
        who = viewer(session_factory, request)
        who.require(access.manages_terminals(who.operator))
        form = await read_form(request, who)
        code = form.get("code", "").strip()
        shop = form.get("shop", "")
        try:
            with session_factory.begin() as session:
                enrol_code = terminals.add_terminal(
                    session, code, shop_id=int(shop) if shop.isdigit() else -1
                )
        except HqError as exc:
            return terminals_page(session_factory, who, alert(plain(exc)), form, 422)
        return _issued(who, code, enrol_code)

    @r.post("/terminals/{code}/revoke")
    async def revoke(request: Request, code: str):
        who = viewer(session_factory, request)
        who.require(access.manages_terminals(who.operator))
        await read_form(request, who)
        try:
            with session_factory.begin() as session:
                terminals.revoke(session, code)
        except HqError as exc:
            return terminals_page(session_factory, who, alert(plain(exc)), None, 404)
        return RedirectResponse("/terminals?done=revoked", status_code=303)

    return r
