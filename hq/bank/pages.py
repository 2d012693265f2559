"""The operators' page of bank transfers: a day's incoming transfers per shop, matched and
unmatched, with the sale each one paid. Signed-in operators only, like the dashboard."""

import datetime as dt
import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session, sessionmaker

from hq import access, web
from hq.bank.report import SHOP_TZ, day_report
from hq.bank.wire import TransferRow
from hq.pages.common import page, viewer

STATUS = {
    "matched": "Đã khớp / Matched",
    "underpaid": "Thiếu tiền / Underpaid",
    "overpaid": "Thừa tiền / Overpaid",
    "unmatched": "Không khớp / Unmatched",
}
NO_SHOP = "— (không rõ / no shop)"


def _cells(r: TransferRow) -> list[str]:
    status = STATUS.get(r.status, r.status)
    if r.confirmed_by_hand:
        status += " · xác nhận tay, đã đối soát / confirmed by hand, reconciled"
    expected = web._vnd(r.expected_vnd) if r.expected_vnd is not None else "—"
    return [r.at, web._vnd(r.amount_vnd), expected, r.reference or "—", r.receipt_no or "—",
            status, r.bank_reference, r.content]  # fmt: skip


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/transfers")
    def transfers(request: Request, day: dt.date | None = None) -> HTMLResponse:
        who = viewer(session_factory, request)
        who.require(access.sees_every_shop(who.operator))  # the day's transfers of every shop
        with session_factory() as session:
            day = day or dt.datetime.now(SHOP_TZ).date()
            found = day_report(session, day)
        shops: dict[str, list[TransferRow]] = {}
        for row in found.rows:
            shops.setdefault(row.terminal_code or NO_SHOP, []).append(row)
        headers = ["Giờ / Time", "Số tiền / Amount", "Cần / Asked", "Mã / Reference",
                   "Phiếu / Receipt", "Trạng thái / Status", "Mã ngân hàng / Bank ref.",
                   "Nội dung / Content"]  # fmt: skip
        body = (
            f"<h1>Chuyển khoản / Bank transfers {html.escape(day.isoformat())}</h1>"
            "<form method='get' action='/transfers'><input type='date' name='day' "
            f"value='{day.isoformat()}'> <button>Xem / Show</button></form>"
        )
        for shop in sorted(shops):
            total = sum(x.amount_vnd for x in shops[shop])
            body += f"<h2>{html.escape(shop)} · {html.escape(web._vnd(total))}</h2>"
            body += web._table(headers, [_cells(x) for x in shops[shop]], {1, 2})
        if not shops:
            body += "<p>Chưa có chuyển khoản / No transfers.</p>"
        return page(who, "Chuyển khoản / Bank transfers", body)

    return r
