"""The chain's other reports: voids and refunds of a period, stock per shop and low stock, cash
differences by shift, and the terminals' backlog and last contact."""

import datetime as dt

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from hq.models import (
    Product,
    Refund,
    SaleVoid,
    Shift,
    ShiftClose,
    StockOnHand,
    Terminal,
)
from hq.reports.table import UNKNOWN, Column, Period, Report, totals

LIST_LIMIT = 1000
# Low stock: at most this many pieces, or this many kilograms of goods sold by weight.
LOW_STOCK = 5


def voids_and_refunds(s: Session, p: Period, limit: int = LIST_LIMIT) -> Report:
    """The period's voids and refunds, newest first (the first ``limit``), with their totals."""
    voids = (
        select(SaleVoid.created_at.label("at"), SaleVoid.business_date.label("day"),
               SaleVoid.terminal_id.label("tid"), literal("void").label("kind"),
               SaleVoid.receipt_no.label("no"), SaleVoid.reason.label("reason"),
               SaleVoid.total_vnd.label("total"))
        .where(SaleVoid.business_date.between(p.start, p.end))
    )  # fmt: skip
    refunds = select(
        Refund.created_at, Refund.business_date, Refund.terminal_id, literal("refund"),
        Refund.refund_no, Refund.reason, Refund.total_vnd,
    ).where(Refund.business_date.between(p.start, p.end))  # fmt: skip
    both = union_all(voids, refunds).subquery()
    kinds = {"void": "Hủy đơn / Void", "refund": "Trả hàng / Refund"}
    rows = [
        (at, day, code, kinds[kind], no, reason, int(total))
        for at, day, code, kind, no, reason, total in s.execute(
            select(both.c.at, both.c.day, Terminal.code, both.c.kind, both.c.no, both.c.reason,
                   both.c.total)
            .join(Terminal, Terminal.id == both.c.tid)
            .order_by(both.c.at.desc())
            .limit(limit)
        )
    ]  # fmt: skip
    columns = (
        Column("Lúc / At", "when"),
        Column("Ngày / Day", "date"),
        Column("Máy / Terminal"),
        Column("Loại / Kind"),
        Column("Số / Number"),
        Column("Lý do / Reason"),
        Column("Số tiền / Amount", "vnd"),
    )
    note = ""
    if len(rows) == limit:
        note = f"{limit} mới nhất / the newest {limit}."
    return Report(
        "voids", "Hủy đơn và trả hàng / Voids and refunds", columns, tuple(rows),
        totals(rows, columns), note=note,
    )  # fmt: skip


def _stock_rows(s: Session, condition, limit: int) -> list[tuple]:
    query = (
        select(Terminal.code, Product.sku, Product.name_vi, StockOnHand.product_id, Product.unit,
               StockOnHand.on_hand)
        .join(Terminal, Terminal.id == StockOnHand.terminal_id)
        .outerjoin(Product, Product.id == StockOnHand.product_id)
        .where(condition)
        .order_by(StockOnHand.on_hand, Terminal.code, Product.name_vi, StockOnHand.product_id)
        .limit(limit)
    )  # fmt: skip
    return [
        (code, sku or "", name or f"{UNKNOWN} {pid}", "g" if unit == "gram" else "cái / pcs",
         int(on_hand))
        for code, sku, name, pid, unit, on_hand in s.execute(query)
    ]  # fmt: skip


def stock(s: Session) -> Report:
    """Per shop (terminal): how many products it holds, pieces and grams on hand, and how
    many products are out of stock (at or below zero: sold before the count caught up)."""
    grams = func.coalesce(Product.unit, "piece") == "gram"  # not in the catalogue: pieces
    o = StockOnHand.on_hand
    rows = [
        (code, int(held), int(pieces), int(g), int(out))
        for code, held, pieces, g, out in s.execute(
            select(Terminal.code,
                   func.count().filter(o > 0),
                   func.coalesce(func.sum(o).filter(~grams, o > 0), 0),
                   func.coalesce(func.sum(o).filter(grams, o > 0), 0),
                   func.count().filter(o <= 0))
            .join(Terminal, Terminal.id == StockOnHand.terminal_id)
            .outerjoin(Product, Product.id == StockOnHand.product_id)
            .group_by(Terminal.code)
            .order_by(Terminal.code)
        )
    ]  # fmt: skip
    columns = (
        Column("Máy / Terminal"),
        Column("Sản phẩm còn / Products in stock", "int"),
        Column("Số cái / Pieces", "int"),
        Column("Số gam / Grams", "int"),  # whole kg hid 900 g of 3,900
        Column("Hết hàng / Out of stock", "int"),
    )
    return Report(
        "stock", "Tồn kho theo cửa hàng / Stock by shop", columns, tuple(rows),
        totals(rows, columns), chart=2,
    )  # fmt: skip


def low_stock(s: Session, threshold: int = LOW_STOCK, limit: int = LIST_LIMIT) -> Report:
    """What is at or under ``threshold`` pieces (kilograms for goods sold by weight), the
    lowest first (the first ``limit``)."""
    grams = func.coalesce(Product.unit, "piece") == "gram"  # not in the catalogue: pieces
    low = ((grams & (StockOnHand.on_hand <= threshold * 1000))
           | (~grams & (StockOnHand.on_hand <= threshold)))  # fmt: skip
    rows = _stock_rows(s, low, limit)
    columns = (
        Column("Máy / Terminal"),
        Column("Mã / SKU"),
        Column("Sản phẩm / Product"),
        Column("Đơn vị / Unit"),
        Column("Tồn / On hand", "qty"),
    )
    note = (f"Còn tối đa {threshold} cái (hoặc {threshold} kg) / At most {threshold} pieces "
            f"(or {threshold} kg) left.")  # fmt: skip
    if len(rows) == limit:
        note += f" {limit} thấp nhất / the lowest {limit}."
    return Report("low_stock", "Sắp hết hàng / Low stock", columns, tuple(rows), note=note)


def cash_differences(s: Session, p: Period, limit: int = LIST_LIMIT) -> Report:
    """Closed shifts of the period whose counted cash differs from the expected, newest first
    (the first ``limit``), with the expected and counted cash."""
    rows = [
        (day, code, opened, closed, int(expected), int(counted), int(diff))
        for day, code, opened, closed, expected, counted, diff in s.execute(
            select(Shift.business_date, Terminal.code, Shift.opened_at, ShiftClose.closed_at,
                   ShiftClose.expected_cash_vnd, ShiftClose.counted_cash_vnd,
                   ShiftClose.difference_vnd)
            .join(ShiftClose, ShiftClose.shift_id == Shift.id)
            .join(Terminal, Terminal.id == Shift.terminal_id)
            .where(Shift.business_date.between(p.start, p.end), ShiftClose.difference_vnd != 0)
            .order_by(Shift.business_date.desc(), Terminal.code, Shift.opened_at)
            .limit(limit)
        )
    ]  # fmt: skip
    columns = (
        Column("Ngày / Day", "date"),
        Column("Máy / Terminal"),
        Column("Mở ca / Opened", "when"),
        Column("Đóng ca / Closed", "when"),
        Column("Dự kiến / Expected", "vnd"),
        Column("Đếm được / Counted", "vnd"),
        Column("Chênh lệch / Difference", "vnd"),
    )
    return Report(
        "cash", "Chênh lệch tiền mặt theo ca / Cash differences by shift", columns, tuple(rows),
        totals(rows, columns),
        note="Chỉ các ca có chênh lệch; âm: thiếu tiền / Only shifts with a difference; "
        "negative: cash missing." + (f" {limit} mới nhất / the newest {limit}." if len(rows) ==
        limit else ""),
    )  # fmt: skip


def terminals(s: Session, now: dt.datetime) -> Report:
    """Every terminal: its backlog of entries not yet pushed, and when it was last heard of."""
    last = func.coalesce(
        func.max(Terminal.last_push_at, Terminal.last_pull_at)
        if s.get_bind().dialect.name == "sqlite"
        else func.greatest(Terminal.last_push_at, Terminal.last_pull_at),
        Terminal.last_push_at,
        Terminal.last_pull_at,
    )
    rows = []
    for code, revoked, token, backlog, seq, contact in s.execute(
        select(Terminal.code, Terminal.revoked_at, Terminal.token_hash, Terminal.backlog,
               Terminal.last_seq, last).order_by(Terminal.code)
    ):  # fmt: skip
        state = ("thu hồi / revoked" if revoked else
                 "hoạt động / active" if token else "chờ đăng ký / awaiting enrolment")  # fmt: skip
        contact = _aware(contact)
        silent = "" if contact is None else _ago(now - contact)
        rows.append((code, state, int(backlog), seq, contact, silent))
    columns = (
        Column("Máy / Terminal"),
        Column("Trạng thái / State"),
        Column("Tồn đọng / Backlog", "int"),
        Column("Số thứ tự cuối / Last seq", "int"),
        Column("Liên lạc cuối / Last contact", "when"),
        Column("Cách đây / Ago"),
    )
    return Report(
        "terminals", "Máy bán hàng: tồn đọng và liên lạc cuối / Terminals: backlog and last "
        "contact", columns, tuple(rows), totals(rows, columns[:3]) + (None,) * 3, chart=2,
    )  # fmt: skip


def _aware(value) -> dt.datetime | None:
    """A timestamp from an expression (not a mapped column): stored naive UTC on both databases."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _ago(delta: dt.timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} phút / min"
    if minutes < 48 * 60:
        return f"{minutes // 60} giờ / h"
    return f"{minutes // 1440} ngày / days"
