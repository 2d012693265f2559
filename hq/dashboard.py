"""The operators' dashboard (hq.web's ``/``): terminals with their catalogue and package versions,
today's sales, rejected entries and e-invoices pending or refused; a shop manager's own shop only."""

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq import catalogue, figures
from hq.einvoices import InvoiceState, open_invoices
from hq.models import RejectedEntry, Terminal
from hq.web import _table, _vnd, _when


def dashboard_data(session: Session, today: dt.date, shop: int | None = None) -> dict:
    """What the dashboard shows, of every terminal or of the shop ``shop``'s only."""
    terminals = select(Terminal).order_by(Terminal.code)
    rejected = (
        select(RejectedEntry, Terminal.code)
        .join(Terminal, Terminal.id == RejectedEntry.terminal_id)
        .order_by(RejectedEntry.last_received_at.desc())
        .limit(100)
    )
    if shop is not None:
        terminals = terminals.where(Terminal.shop_id == shop)
        rejected = rejected.where(Terminal.shop_id == shop)
    terms = session.scalars(terminals).all()
    codes = {t.code for t in terms}
    return {
        "version": catalogue.current_version(session),
        "terms": terms,
        "days": {c: d for c, d in figures.day_by_terminal(session, today).items() if c in codes},
        "rejected": session.execute(rejected).all(),
        "invoices": [i for i in open_invoices(session) if i.terminal_code in codes],
    }


def dashboard_body(today: dt.date, *, version, terms, days, rejected, invoices) -> str:
    sale_rows = [
        [code, str(d.sales_count), _vnd(d.sales_vnd), f"{d.voids_count} · {_vnd(d.voids_vnd)}",
         f"{d.refunds_count} · {_vnd(d.refunds_vnd)}", _vnd(d.net_vnd)]
        for code, d in days.items()
    ]  # fmt: skip
    terminal_headers = ["Máy / Terminal", "Trạng thái / State", "Gửi lên cuối / Last push",
                        "Tải về cuối / Last pull", "Tồn đọng / Backlog", "Số thứ tự cuối / Last seq",
                        "Danh mục / Catalogue", "Phiên bản / Version"]  # fmt: skip
    return (
        "<h1>Máy bán hàng / Terminals</h1>"
        f"<p>Phiên bản danh mục ở trụ sở / Head office's catalogue version: {version}</p>"
        + _table(terminal_headers, _terminal_rows(terms, version), {4, 5, 6})
        + f"<h2>Doanh số hôm nay / Today's sales ({today:%d/%m/%Y})</h2>"
        + _table(
            [
                "Máy / Terminal",
                "Số đơn / Sales",
                "Doanh số / Sold",
                "Hủy / Voids",
                "Trả hàng / Refunds",
                "Ròng / Net",
            ],
            sale_rows,
            {1, 2, 3, 4, 5},
        )
        + "<h2>Bản ghi bị từ chối / Rejected entries</h2>"
        + _table(
            [
                "Máy / Terminal",
                "Bản ghi / Entry",
                "Loại / Kind",
                "Lý do / Reason",
                "Số lần / Attempts",
                "Nhận cuối / Last received",
            ],
            _rejected_rows(rejected),
            {4},
        )
        + "<h2>Hóa đơn điện tử chờ lập hoặc bị từ chối / E-invoices pending or refused</h2>"
        + _table(
            [
                "Máy / Terminal",
                "Hóa đơn / Invoice",
                "Loại / Kind",
                "Trạng thái / State",
                "Lý do / Reason",
                "Từ lúc / Since",
            ],
            _invoice_rows(invoices),
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
