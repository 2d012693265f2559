"""The operators page (admins only): each operator with role, scope and state; add one with a
role and its scope, disable one (their sessions end at once) or enable them again."""

import html
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hq import access, operators
from hq.errors import HqError
from hq.models import Operator, Producer, Shop
from hq.pages.common import Refused, Viewer, alert, csrf_field, page, read_form, viewer
from hq.pages.messages import plain

DONE = {
    "added": "Đã thêm người dùng / Operator added",
    "disabled": "Đã khóa người dùng / Operator disabled",
    "enabled": "Đã mở khóa người dùng / Operator enabled",
}
SELF = "Không thể tự khóa mình / You cannot disable yourself"


def _scope(op: Operator, shops: dict[int, Shop], producers: dict[uuid.UUID, str]) -> str:
    if op.shop_id in shops:
        return f"{shops[op.shop_id].code} · {shops[op.shop_id].name}"
    if op.producer_id in producers:
        return producers[op.producer_id]
    return "Toàn chuỗi / Whole chain"


def _list(session: Session, who: Viewer, shops, producers) -> str:
    rows = ""
    for op in operators.list_operators(session):
        action = "disable" if op.active else "enable"
        label = "Khóa / Disable" if op.active else "Mở khóa / Enable"
        rows += (
            f"<tr><td>{html.escape(op.name)}</td>"
            f"<td>{html.escape(access.ROLE_NAMES.get(op.role, op.role))}</td>"
            f"<td>{html.escape(_scope(op, shops, producers))}</td>"
            f"<td>{'hoạt động / active' if op.active else 'đã khóa / disabled'}</td>"
            f"<td><form method='post' action='/operators/{op.id}/{action}' class='inline'>"
            f"{csrf_field(who)}<button>{label}</button></form></td></tr>"
        )
    head = ["Tên / Name", "Vai trò / Role", "Phạm vi / Scope", "Trạng thái / State", ""]
    ths = "".join(f"<th>{h}</th>" for h in head)
    return f"<div class='scroll'><table><tr>{ths}</tr>{rows}</table></div>"


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> str:
    opts = "".join(
        f"<option value='{html.escape(v)}'{' selected' if v == chosen else ''}>"
        f"{html.escape(t)}</option>"
        for v, t in options
    )
    return f"<label>{label} <select name='{name}'>{opts}</select></label> "


def _add_form(who: Viewer, form: dict[str, str], shops, producers) -> str:
    none = [("", "—")]
    return (
        "<h2>Thêm người dùng / Add an operator</h2>"
        f"<form method='post' action='/operators'>{csrf_field(who)}<p>"
        f"<label>Tên / Name <input name='name' required autocomplete='off' "
        f"value='{html.escape(form.get('name', ''))}'></label> "
        f"<label>Mật khẩu (≥ {operators.MIN_PASSWORD} ký tự) / Password (≥ "
        f"{operators.MIN_PASSWORD} characters) <input name='password' type='password' required "
        "autocomplete='new-password'></label> "
        + _select("role", "Vai trò / Role", list(access.ROLE_NAMES.items()),
                  form.get("role", access.READ_ONLY))
        + _select("shop", "Cửa hàng (quản lý cửa hàng) / Shop (shop manager)",
                  none + [(str(i), f"{s.code} · {s.name}") for i, s in shops.items()],
                  form.get("shop", ""))
        + _select("producer", "Nhà sản xuất / Producer",
                  none + [(str(i), n) for i, n in producers.items()], form.get("producer", ""))
        + "<button>Thêm / Add</button></p></form>"
    )  # fmt: skip


def operators_page(session_factory, who: Viewer, message="", form=None, status=200):
    with session_factory() as session:
        shops = {s.id: s for s in session.scalars(select(Shop).order_by(Shop.code))}
        producers = {
            i: n
            for i, n in session.execute(select(Producer.id, Producer.name).order_by(Producer.name))
        }
        body = ("<h1>Người dùng / Operators</h1>" + message + _list(session, who, shops, producers)
                + _add_form(who, form or {}, shops, producers))  # fmt: skip
    return page(who, "Người dùng / Operators", body, status)


def _scope_ids(form: dict[str, str]) -> tuple[int | None, uuid.UUID | None]:
    shop = form.get("shop", "")
    try:
        producer = uuid.UUID(form["producer"]) if form.get("producer") else None
    except ValueError:
        producer = None
    return (int(shop) if shop.isdigit() else None), producer


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/operators")
    def listing(request: Request, done: str = "") -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.manages_operators(who.operator))
        return operators_page(session_factory, who, alert(DONE.get(done, "")))

    @r.post("/operators")
    async def add(request: Request):
        who = viewer(session_factory, request)
        who.require(access.manages_operators(who.operator))
        form = await read_form(request, who)
        shop_id, producer_id = _scope_ids(form)
        try:
            with session_factory.begin() as session:
                operators.add_operator(session, form.get("name", ""), form.get("password", ""),
                                       role=form.get("role", ""), shop_id=shop_id,
                                       producer_id=producer_id)  # fmt: skip
        except HqError as exc:
            return operators_page(session_factory, who, alert(plain(exc)), form, 422)
        return RedirectResponse("/operators?done=added", status_code=303)

    @r.post("/operators/{operator_id}/{action}")
    async def set_active(request: Request, operator_id: int, action: str):
        who = viewer(session_factory, request)
        who.require(access.manages_operators(who.operator) and action in ("disable", "enable"))
        await read_form(request, who)
        if operator_id == who.operator.id and action == "disable":
            return operators_page(session_factory, who, alert(SELF), None, 422)
        with session_factory.begin() as session:
            op = session.get(Operator, operator_id)
            if op is not None:
                operators.set_active(session, op.name, action == "enable")
        if op is None:
            raise Refused(404)
        return RedirectResponse(f"/operators?done={action}d", status_code=303)

    return r
