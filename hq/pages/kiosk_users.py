"""The kiosk users page: the people who sign in at a shop's tills. An admin (any shop) or a shop
manager (their own) adds one with a PIN typed once, gives one a new PIN, deactivates one; the
shop's terminals pull the change at their next sync (hq.kiosk_users)."""

import html
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hq import access, kiosk_users
from hq.errors import HqError
from hq.models import KioskUser, Shop
from hq.pages.common import Refused, Viewer, alert, csrf_field, page, read_form, viewer

PATH = "/kiosk-users"
ROLE_NAMES = {
    "clerk": "Thu ngân / Clerk",
    "manager": "Quản lý / Manager",
    "admin": "Quản trị / Admin",
}
DONE = {
    "added": "Đã thêm nhân viên / User added",
    "deactivated": "Đã ngừng nhân viên / User deactivated",
    "pin": "Đã đặt mã PIN mới / New PIN set",
}
_FIELDS = {
    "name": "Tên phải có từ 1 đến 80 ký tự / The name must have 1 to 80 characters",
    "role": "Hãy chọn một vai trò / Choose a role",
    "pin": "Mã PIN gồm 4 đến 8 chữ số / The PIN must be 4 to 8 digits",
}
_PIN_INPUT = (
    "<input name='pin' type='password' inputmode='numeric' pattern='[0-9]{4,8}' minlength='4' "
    "maxlength='8' autocomplete='new-password' required aria-label='Mã PIN / PIN'>"
)


def plain(exc: HqError) -> str:
    if isinstance(exc, kiosk_users.InvalidKioskUser):
        return _FIELDS.get(str(exc.data.get("field")), str(exc))
    if isinstance(exc, kiosk_users.KioskUserExists):
        name = exc.data.get("name")
        return f"Cửa hàng đã có nhân viên tên {name} / The shop has a user named {name} already"
    return "Không có nhân viên này / There is no such user"


def _roles(who: Viewer) -> tuple[str, ...]:
    """An admin gives any role; a shop manager gives clerk or manager."""
    return kiosk_users.ROLES if who.operator.role == access.ADMIN else ("clerk", "manager")


def _shop_of(session: Session, who: Viewer, wanted: int | None) -> Shop:
    """The shop the page is about: a shop manager's own; for an admin the one chosen, else the
    first by code."""
    if who.operator.role == access.SHOP_MANAGER:
        wanted = who.operator.shop_id
    shop = session.get(Shop, wanted) if wanted else None
    if shop is None and who.operator.role == access.ADMIN and not wanted:
        shop = session.scalars(select(Shop).order_by(Shop.code).limit(1)).first()
    if shop is None:
        raise Refused(404)
    return shop


def _chooser(session: Session, who: Viewer, shop: Shop) -> str:
    if who.operator.role != access.ADMIN:
        return f"<p>Cửa hàng / Shop: <strong>{html.escape(shop.name)}</strong></p>"
    options = "".join(
        f"<option value='{s.id}'{' selected' if s.id == shop.id else ''}>"
        f"{html.escape(s.code)} — {html.escape(s.name)}</option>"
        for s in session.scalars(select(Shop).order_by(Shop.code))
    )
    return (f"<form method='get' action='{PATH}'><label>Cửa hàng / Shop <select name='shop'>"
            f"{options}</select></label> <button>Xem / Show</button></form>")  # fmt: skip


def _state(user: KioskUser) -> str:
    if not user.active:
        return "Đã ngừng / Deactivated"
    if user.pin_hash is None:
        return "Chưa có PIN ở trụ sở: hãy đặt PIN / No PIN at head office yet: set one"
    return "Đang dùng / Active"


def _row(who: Viewer, user: KioskUser) -> str:
    act = f"{PATH}/{user.id}"
    cells = (f"<td>{html.escape(user.name)}</td><td>{ROLE_NAMES.get(user.role, user.role)}</td>"
             f"<td>{_state(user)}</td>")  # fmt: skip
    if not user.active:
        return f"<tr>{cells}<td></td><td></td></tr>"
    return (
        f"<tr>{cells}<td><form method='post' action='{act}/pin'>{csrf_field(who)}{_PIN_INPUT} "
        "<button>Đặt PIN mới / Reset PIN</button></form></td>"
        f"<td><form method='post' action='{act}/deactivate'>{csrf_field(who)}"
        "<button>Ngừng / Deactivate</button></form></td></tr>"
    )


def _add_form(who: Viewer, shop: Shop, form: dict[str, str]) -> str:
    roles = "".join(
        f"<option value='{r}'{' selected' if form.get('role') == r else ''}>{ROLE_NAMES[r]}"
        "</option>"
        for r in _roles(who)
    )
    return (
        "<h2>Thêm nhân viên / Add a user</h2>"
        f"<form method='post' action='{PATH}'>{csrf_field(who)}"
        f"<input type='hidden' name='shop' value='{shop.id}'><p>"
        f"<label>Tên / Name <input name='name' maxlength='80' required "
        f"value='{html.escape(form.get('name', ''))}'></label> "
        f"<label>Vai trò / Role <select name='role'>{roles}</select></label> "
        f"<label>Mã PIN / PIN {_PIN_INPUT}</label> <button>Thêm / Add</button></p></form>"
        "<p>Mã PIN chỉ được lưu dưới dạng băm; các máy của cửa hàng nhận thay đổi ở lần đồng bộ "
        "kế tiếp. / The PIN is kept only as a hash; the shop's tills get the change at their "
        "next sync.</p>"
    )


def users_page(session_factory, who: Viewer, shop_id, message="", form=None, status=200):
    with session_factory() as session:
        shop = _shop_of(session, who, shop_id)
        rows = "".join(_row(who, u) for u in kiosk_users.of_shop(session, shop.id))
        head = "".join(
            f"<th>{h}</th>"
            for h in ("Tên / Name", "Vai trò / Role", "Trạng thái / State", "PIN", "")
        )
        body = (
            "<h1>Nhân viên quầy / Kiosk users</h1>" + message + _chooser(session, who, shop)
            + f"<div class='scroll'><table><tr>{head}</tr>{rows}</table></div>"
            + _add_form(who, shop, form or {})
        )  # fmt: skip
    return page(who, "Nhân viên quầy / Kiosk users", body, status)


def _scope(who: Viewer) -> int | None:
    """The shop an operator's changes are limited to (None: an admin, every shop)."""
    return None if who.operator.role == access.ADMIN else who.operator.shop_id


def _user_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise Refused(404) from exc


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def allowed(request: Request) -> Viewer:
        who = viewer(session_factory, request)
        who.require(access.manages_kiosk_users(who.operator))
        return who

    @r.get(PATH)
    def users(request: Request, shop: int | None = None, done: str = "") -> HTMLResponse:
        return users_page(session_factory, allowed(request), shop, alert(DONE.get(done, "")))

    @r.post(PATH)
    async def add(request: Request):
        who = allowed(request)
        form = await read_form(request, who)
        shop_id = _scope(who) or int(form.get("shop", "0") or 0)
        try:
            if form.get("role") not in _roles(who):
                raise kiosk_users.InvalidKioskUser(field="role")
            with session_factory.begin() as session:
                kiosk_users.add(session, shop_id, form.get("name", ""), form["role"],
                                form.get("pin", ""))  # fmt: skip
        except HqError as exc:
            return users_page(session_factory, who, shop_id, alert(plain(exc)), form, 422)
        return RedirectResponse(f"{PATH}?shop={shop_id}&done=added", status_code=303)

    @r.post(PATH + "/{user_id}/{action}")
    async def change(request: Request, user_id: str, action: str):
        who = allowed(request)
        form = await read_form(request, who)
        if action not in ("pin", "deactivate"):
            raise Refused(404)
        try:
            with session_factory.begin() as session:
                if action == "pin":
                    user = kiosk_users.reset_pin(session, _user_id(user_id), form.get("pin", ""),
                                                 shop_id=_scope(who))  # fmt: skip
                else:
                    user = kiosk_users.deactivate(session, _user_id(user_id), shop_id=_scope(who))
                shop_id = user.shop_id
        except kiosk_users.UnknownKioskUser as exc:
            raise Refused(404) from exc
        except HqError as exc:
            with session_factory() as session:
                shop_id = session.get(KioskUser, _user_id(user_id)).shop_id  # found just now
            return users_page(session_factory, who, shop_id, alert(plain(exc)), None, 422)
        done = "pin" if action == "pin" else "deactivated"
        return RedirectResponse(f"{PATH}?shop={shop_id}&done={done}", status_code=303)

    return r
