"""The receipts pages: a search form with its paged results, and one receipt in full."""

import html
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session, sessionmaker

from hq import web
from hq.models import Refund
from hq.pages import receipt_detail, receipt_query
from hq.pages.common import Refused, Viewer, page, pager, viewer
from hq.pages.receipt_detail import ReceiptDetail
from hq.pages.receipt_query import ReceiptFilter
from hq.reports.producer import UNITS
from hq.reports.sales import METHODS

_vnd, _table, _when = web._vnd, web._table, web._when
STATUS = {"completed": "Đã bán / Sold", "voided": "Đã hủy / Voided"}
RESTOCK = {"shelf": "Về kệ / Back on the shelf", "damaged": "Hỏng / Damaged"}
METHOD = METHODS  # the reports' names: a VietQR transfer was shown as its code here
EVENTS = {
    "discount": "Giảm giá / Discount",
    "void": "Hủy phiếu / Void",
    "refund": "Trả hàng / Refund",
    "sale": "Bán dưới tồn kho / Sold below stock",
}


def _qty(quantity: int, unit: str) -> str:
    """A line's quantity as the reports write it: "3 cái / pcs", "250 g"."""
    return f"{quantity:,}".replace(",", ".") + " " + UNITS.get(unit, unit)


def _input(name: str, label: str, value: str, kind: str = "text") -> str:
    return (f"<p><label>{label}<br><input type='{kind}' name='{name}' "
            f"value='{html.escape(value)}'></label></p>")  # fmt: skip


def _search_form(q: dict[str, str], shops) -> str:
    options = "<option value=''>Tất cả / All</option>" + "".join(
        f"<option value='{html.escape(s.code)}'{' selected' if q.get('shop') == s.code else ''}>"
        f"{html.escape(s.code)} · {html.escape(s.name)}</option>"
        for s in shops
    )
    return (
        "<form method='get' action='/receipts'>"
        + _input("number", "Số phiếu / Receipt no.", q.get("number", ""))
        + _input("from", "Từ ngày / From", q.get("from", ""), "date")
        + _input("to", "Đến ngày / To", q.get("to", ""), "date")
        + f"<p><label>Cửa hàng / Shop<br><select name='shop'>{options}</select></label></p>"
        + _input(
            "product", "Sản phẩm (tên, mã vạch) / Product (name, barcode)", q.get("product", "")
        )
        + _input("min", "Tiền từ / Amount from", q.get("min", ""))
        + _input("max", "đến / to", q.get("max", ""))
        + "<p><button>Tìm / Search</button></p></form>"
    )


def _results(rows: list[receipt_query.ReceiptRow]) -> str:
    head = ["Phiếu / Receipt", "Ngày / Date", "Giờ / Time", "Cửa hàng / Shop", "Máy / Terminal",
            "Trạng thái / Status", "Tổng / Total", "Đã trả lại / Refunded"]  # fmt: skip
    body = "".join(
        f"<tr><td><a href='/receipts/{r.id}'>{html.escape(r.receipt_no)}</a></td>"
        f"<td>{r.business_date:%d/%m/%Y}</td><td>{_when(r.created_at)}</td>"
        f"<td>{html.escape(r.shop)}</td><td>{html.escape(r.terminal_code)}</td>"
        f"<td>{html.escape(STATUS.get(r.status, r.status))}</td>"
        f"<td class='num'>{_vnd(r.total_vnd)}</td>"
        f"<td class='num'>{_vnd(r.refunded_vnd) if r.refunded_vnd else '—'}</td></tr>"
        for r in rows
    )
    if not rows:
        body = f"<tr><td colspan='{len(head)}'>Không có phiếu nào / No receipts.</td></tr>"
    ths = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    return f"<div class='scroll'><table><tr>{ths}</tr>{body}</table></div>"


def _lines(d: ReceiptDetail) -> str:
    head = ["#", "Sản phẩm / Product", "Mã vạch / Barcode", "SL / Qty", "Đơn giá / Price",
            "Giảm dòng / Line disc.", "Giảm đơn / Cart disc.", "Thành tiền / Amount", "VAT"]  # fmt: skip
    rows = [[str(x.line_no), x.name_vi + (f" ({x.name_en})" if x.name_en else ""), x.barcode,
             _qty(x.quantity, x.unit), _vnd(x.unit_price_vnd), _vnd(x.line_discount_vnd),
             _vnd(x.cart_discount_vnd), _vnd(x.amount_vnd), f"{x.vat_rate_pct} %"]
            for x in d.lines]  # fmt: skip
    return _table(head, rows, {3, 4, 5, 6, 7})


def _summary(d: ReceiptDetail) -> str:
    s = d.sale
    facts = [("Cửa hàng / Shop", f"{d.shop.code} · {d.shop.name}"),
             ("Máy / Terminal", s.terminal_code), ("Ngày / Business date", f"{s.business_date:%d/%m/%Y}"),
             ("Lúc / At", _when(s.created_at)), ("Thu ngân / Cashier", d.who(s.user_id)),
             ("Trạng thái / Status", STATUS.get(s.status, s.status))]  # fmt: skip
    if d.full:
        facts += [("Tạm tính / Subtotal", _vnd(s.subtotal_vnd)),
                  ("Giảm giá / Discount", _vnd(s.discount_vnd)),
                  ("Làm tròn / Rounding", _vnd(s.rounding_vnd)),
                  ("Tổng / Total", _vnd(s.total_vnd)), ("Trong đó VAT / VAT included", _vnd(s.vat_vnd))]  # fmt: skip
        if s.discount_authorised_by:
            facts.append(("Giảm giá do ai duyệt / Discount authorised by",
                          d.who(s.discount_authorised_by)))  # fmt: skip
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts)
    return f"<div class='scroll'><table>{rows}</table></div>"


def _money(d: ReceiptDetail) -> str:
    out = "<h2>Thuế VAT / VAT</h2>" + _table(
        ["Thuế suất / Rate", "Tiền hàng / Gross", "VAT"],
        [[f"{v.rate_pct} %", _vnd(v.gross_vnd), _vnd(v.vat_vnd)] for v in d.vat],
        {1, 2},
    )
    out += "<h2>Thanh toán / Payments</h2>" + _table(
        ["Cách / Method", "Số tiền / Amount", "Khách đưa / Tendered", "Tiền thừa / Change",
         "Mã / Reference"],
        [[METHOD.get(p.method, p.method), _vnd(p.amount_vnd),
          "—" if p.tendered_vnd is None else _vnd(p.tendered_vnd), _vnd(p.change_vnd),
          p.reference or "—"] for p in d.payments], {1, 2, 3})  # fmt: skip
    return out


def _refund_till(d: ReceiptDetail, refund: Refund) -> str:
    """The code of the till that gave the refund, marked when it is not the till that sold: a
    customer may bring goods back to any till of the shop (docs/hq.md "Returns across
    terminals")."""
    if refund.terminal_id == d.sale.terminal_id:
        return refund.terminal_code
    sold_at = d.sale.terminal_code
    return f"{refund.terminal_code} (máy khác: bán ở {sold_at} / another till: sold at {sold_at})"


def _void_and_refunds(d: ReceiptDetail) -> str:
    out = ""
    if d.void:
        v = d.void
        out += "<h2>Hủy phiếu / Void</h2>" + _table(
            ["Lúc / At", "Người hủy / Voided by", "Người duyệt / Authorised by", "Lý do / Reason",
             "Số tiền / Amount"],
            [[_when(v.created_at), d.who(v.user_id), d.who(v.authorised_by), v.reason,
              _vnd(v.total_vnd)]], {4})  # fmt: skip
    for r, lines, pays in d.refunds:
        head = ["Lúc / At", "Máy / Terminal", "Người làm / By", "Người duyệt / Authorised by",
                "Lý do / Reason", "Số tiền / Amount", "VAT"]  # fmt: skip
        row = [_when(r.created_at), _refund_till(d, r), d.who(r.user_id), d.who(r.authorised_by),
               r.reason, _vnd(r.total_vnd), _vnd(r.vat_vnd)]  # fmt: skip
        if r.rounding_vnd:  # its cash rounded to the shop's step: what the customer got instead
            head += ["Làm tròn / Rounding", "Đã trả khách / Given back"]
            row += [_vnd(r.rounding_vnd), _vnd(r.total_vnd + r.rounding_vnd)]
        out += f"<h2>Trả hàng / Refund {html.escape(r.refund_no)}</h2>" + _table(
            head, [row], set(range(5, len(head)))
        )
        out += _table(
            ["#", "Sản phẩm / Product", "SL / Qty", "Số tiền / Amount", "Hàng đi đâu / Goods"],
            [[str(x.line_no), x.name_vi, _qty(x.quantity, x.unit), _vnd(x.amount_vnd),
              RESTOCK.get(x.restock, x.restock)] for x in lines], {2, 3})  # fmt: skip
        out += _table(["Hoàn bằng / Paid back by", "Số tiền / Amount", "Mã / Reference"],
                      [[METHOD.get(p.method, p.method), _vnd(p.amount_vnd), p.reference or "—"]
                       for p in pays], {1})  # fmt: skip
    return out


def _event_text(d: ReceiptDetail, data: dict) -> str:
    parts = []
    for line in data.get("lines", []) if isinstance(data.get("lines"), list) else []:
        if isinstance(line, dict) and line.get("discount_vnd"):
            parts.append(f"dòng / line {line.get('line_no')}: −{_vnd(int(line['discount_vnd']))}"
                         f" ({d.who(line.get('authorised_by'))})")  # fmt: skip
    if data.get("cart_discount_vnd"):
        parts.append(f"cả đơn / cart: −{_vnd(int(data['cart_discount_vnd']))}"
                     f" ({d.who(data.get('cart_discount_authorised_by'))})")  # fmt: skip
    if data.get("reason"):
        parts.append(str(data["reason"]))
    return "; ".join(parts)


def _audit(d: ReceiptDetail) -> str:
    rows = [[_when(e.at), EVENTS.get(e.kind, e.kind), d.who(e.user_id), d.who(e.authorised_by),
             _event_text(d, e.data)] for e in d.events]  # fmt: skip
    return "<h2>Nhật ký: ai làm, ai duyệt / Audit: who did and who authorised</h2>" + _table(
        ["Lúc / At", "Việc / Event", "Người làm / By", "Người duyệt / Authorised by",
         "Chi tiết / Details"], rows)  # fmt: skip


def detail_page(who: Viewer, d: ReceiptDetail) -> HTMLResponse:
    title = f"Phiếu / Receipt {d.sale.receipt_no}"
    body = (f"<p><a href='/receipts'>← Tìm phiếu / Receipt search</a></p>"
            f"<h1>{html.escape(title)}</h1>" + _summary(d) + "<h2>Hàng / Lines</h2>" + _lines(d))  # fmt: skip
    if d.full:
        body += _money(d) + _void_and_refunds(d) + _audit(d)
    else:
        body += "<p>Chỉ hiện sản phẩm của bạn / Only your products are shown.</p>"
    return page(who, title, body)


def router(session_factory: sessionmaker[Session]) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/receipts")
    def search(request: Request) -> HTMLResponse:
        who = viewer(session_factory, request)
        q = dict(request.query_params)
        f = ReceiptFilter.from_query(q)
        with session_factory() as session:
            rows, more = receipt_query.search(session, who.operator, f)
            shops = receipt_query.visible_shops(session, who.operator)
        body = ("<h1>Phiếu / Receipts</h1>" + _search_form(q, shops) + _results(rows)
                + pager("/receipts", q, f.page, more))  # fmt: skip
        return page(who, "Phiếu / Receipts", body)

    @r.get("/receipts/{sale_id}")
    def receipt(request: Request, sale_id: str) -> HTMLResponse:
        who = viewer(session_factory, request)
        try:
            key = uuid.UUID(sale_id)
        except ValueError:
            raise Refused(404) from None
        with session_factory() as session:
            d = receipt_detail.load(session, who.operator, key)
        if d is None:
            raise Refused(404)
        return detail_page(who, d)

    return r
