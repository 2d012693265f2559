"""The shops page: every shop with its terminals; an admin adds shops and renames them."""

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hq import access, terminals
from hq.errors import HqError
from hq.models import Shop, Terminal
from hq.pages.common import Viewer, alert, csrf_field, page, read_form, viewer
from hq.pages.messages import plain

DONE = {"added": "Đã thêm cửa hàng / Shop added", "renamed": "Đã đổi tên / Shop renamed"}


def _shop_rows(session: Session, who: Viewer) -> str:
    query = (
        select(Shop, func.count(Terminal.id))
        .outerjoin(Terminal, Terminal.shop_id == Shop.id)
        .group_by(Shop.id)
        .order_by(Shop.code)
    )
    if who.operator.role == access.SHOP_MANAGER:
        query = query.where(Shop.id == who.operator.shop_id)
    edit = access.manages_shops(who.operator)
    rows = ""
    for shop, count in session.execute(query):
        rows += (f"<tr><td>{html.escape(shop.code)}</td><td>{html.escape(shop.name)}</td>"
                 f"<td>{html.escape(shop.province) or '—'}</td><td class='num'>{count}</td>")  # fmt: skip
        if edit:
            rows += (
                f"<td><form method='post' action='/shops/{shop.id}/rename'>{csrf_field(who)}"
                f"<input name='name' value='{html.escape(shop.name)}' required "
                "aria-label='Tên mới / New name'> "
                f"<input name='province' value='{html.escape(shop.province)}' "
                "aria-label='Tỉnh / Province'> <button>Đổi tên / Rename</button></form></td>"
            )
        rows += "</tr>"
    head = ["Mã / Code", "Tên / Name", "Tỉnh / Province", "Số máy / Terminals"]
    head += ["Đổi tên / Rename"] if edit else []
    ths = "".join(f"<th>{h}</th>" for h in head)
    return f"<div class='scroll'><table><tr>{ths}</tr>{rows}</table></div>"


def _add_form(who: Viewer, form: dict[str, str]) -> str:
    def field(name: str, label: str, required: bool = True) -> str:
        return (f"<label>{label} <input name='{name}' value='{html.escape(form.get(name, ''))}'"
                f"{' required' if required else ''}></label> ")  # fmt: skip

    return (
        "<h2>Thêm cửa hàng / Add a shop</h2>"
        f"<form method='post' action='/shops'>{csrf_field(who)}<p>"
        + field("code", "Mã / Code")
        + field("name", "Tên / Name")
        + field("province", "Tỉnh / Province", required=False)
        + "<button>Thêm / Add</button></p></form>"
    )


def shops_page(session_factory, who: Viewer, message: str = "", form=None, status=200):
    with session_factory() as session:
        body = "<h1>Cửa hàng / Shops</h1>" + message + _shop_rows(session, who)
    if access.manages_shops(who.operator):
        body += _add_form(who, form or {})
    return page(who, "Cửa hàng / Shops", body, status)


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/shops")
    def shops(request: Request, done: str = "") -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.sees_shops(who.operator))
        return shops_page(session_factory, who, alert(DONE.get(done, "")))

    @r.post("/shops")
    async def add(request: Request):
        who = viewer(session_factory, request)
        who.require(access.manages_shops(who.operator))
        form = await read_form(request, who)
        try:
            with session_factory.begin() as session:
                terminals.add_shop(session, form.get("code", ""), form.get("name", ""),
                                   form.get("province", ""))  # fmt: skip
        except HqError as exc:
            return shops_page(session_factory, who, alert(plain(exc)), form, 422)
        return RedirectResponse("/shops?done=added", status_code=303)

    @r.post("/shops/{shop_id}/rename")
    async def rename(request: Request, shop_id: int):
        who = viewer(session_factory, request)
        who.require(access.manages_shops(who.operator))
        form = await read_form(request, who)
        try:
            with session_factory.begin() as session:
                terminals.rename_shop(session, shop_id, form.get("name", ""),
                                      form.get("province", ""))  # fmt: skip
        except HqError as exc:
            return shops_page(session_factory, who, alert(plain(exc)), None, 422)
        return RedirectResponse("/shops?done=renamed", status_code=303)

    return r
