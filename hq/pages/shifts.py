"""Shift closes: each shift of the operator's shops with its float, the cash expected, the cash
counted and the difference, by business date and shop, a page at a time."""

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hq import access, web
from hq.models import Shift, ShiftClose, Shop, Terminal
from hq.pages import scope
from hq.pages.common import PAGE_SIZE, page, pager, parse_date, viewer
from hq.pages.receipt_detail import user_names
from hq.pages.receipt_query import visible_shops

_vnd, _when = web._vnd, web._when


def _difference(close: ShiftClose | None) -> str:
    if close is None:
        return "chưa đóng / open"
    d = close.difference_vnd
    if d == 0:
        return _vnd(0)
    return ("+" if d > 0 else "−") + _vnd(abs(d)) + (" thừa / over" if d > 0 else " thiếu / short")


def _rows(session: Session, found) -> list[list[str]]:
    people = set()
    for shift, close, _, _ in found:
        people |= {str(shift.opened_by), str(close.closed_by) if close else "None"}
    names = user_names(session, people)

    def who(user_id) -> str:
        return names.get(str(user_id)) or ("…" + str(user_id)[-8:] if user_id else "—")

    return [
        [shop, code, s.business_date.strftime('%d/%m/%Y'), _vnd(s.float_vnd),
         _vnd(c.expected_cash_vnd) if c else "—", _vnd(c.counted_cash_vnd) if c else "—",
         _difference(c), f"{_when(s.opened_at)} · {who(s.opened_by)}",
         f"{_when(c.closed_at)} · {who(c.closed_by)}" if c else "—"]
        for s, c, shop, code in found
    ]  # fmt: skip


def _form(q: dict[str, str], shops) -> str:
    options = "<option value=''>Tất cả / All</option>" + "".join(
        f"<option value='{html.escape(s.code)}'{' selected' if q.get('shop') == s.code else ''}>"
        f"{html.escape(s.code)} · {html.escape(s.name)}</option>"
        for s in shops
    )
    return (
        "<form method='get' action='/shifts'><p>"
        f"<label>Từ ngày / From <input type='date' name='from' "
        f"value='{html.escape(q.get('from', ''))}'></label> "
        f"<label>Đến ngày / To <input type='date' name='to' "
        f"value='{html.escape(q.get('to', ''))}'></label> "
        f"<label>Cửa hàng / Shop <select name='shop'>{options}</select></label> "
        "<button>Xem / Show</button></p></form>"
    )


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/shifts")
    def shifts(request: Request) -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.sees_shops(who.operator))
        q = dict(request.query_params)
        page_no = int(q["page"]) if q.get("page", "").isdigit() and int(q["page"]) > 0 else 1
        query = (
            select(Shift, ShiftClose, Shop.name, Terminal.code)
            .join(Terminal, Terminal.id == Shift.terminal_id)
            .join(Shop, Shop.id == Terminal.shop_id)
            .outerjoin(ShiftClose, ShiftClose.shift_id == Shift.id)
            .where(scope.terminal_visible(who.operator, Shift.terminal_id))
        )
        if (start := parse_date(q.get("from"))) is not None:
            query = query.where(Shift.business_date >= start)
        if (end := parse_date(q.get("to"))) is not None:
            query = query.where(Shift.business_date <= end)
        if q.get("shop"):
            query = query.where(Shop.code == q["shop"][:16])
        query = query.order_by(Shift.opened_at.desc()).offset((page_no - 1) * PAGE_SIZE)
        with session_factory() as session:
            found = session.execute(query.limit(PAGE_SIZE + 1)).all()
            rows = _rows(session, found[:PAGE_SIZE])
            shops = visible_shops(session, who.operator)
        # Each time with its person in one column: eleven columns did not fit a 1280 px screen.
        head = ["Cửa hàng / Shop", "Máy / Terminal", "Ngày / Date", "Tiền đầu ca / Float",
                "Tiền phải có / Expected", "Tiền đếm / Counted", "Chênh lệch / Difference",
                "Mở ca lúc, người mở / Opened, by", "Đóng ca lúc, người đóng / Closed, by"]  # fmt: skip
        body = ("<h1>Ca và tiền mặt / Shifts and cash</h1>" + _form(q, shops)
                + web._table(head, rows, {3, 4, 5, 6})
                + pager("/shifts", q, page_no, len(found) > PAGE_SIZE))  # fmt: skip
        return page(who, "Ca / Shifts", body)

    return r
