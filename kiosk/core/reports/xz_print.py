"""The X and Z cash reports for the receipt printer (80 or 58 mm), section by section."""

import datetime as dt
from functools import partial

from hardware.document import Align, Document, DocumentBuilder, SeparatorStyle, Size
from kiosk.core.localtime import VIETNAM
from kiosk.core.money import for_printer, format_vnd
from kiosk.core.reports.xz import CashReport, label
from kiosk.core.terms import term


def document(report: CashReport, *, shop_name: str, lang: str = "vi") -> Document:
    """The report for the receipt printer (80 or 58 mm), in ``lang`` ("vi" or "en")."""
    b = DocumentBuilder()
    _head(b, report, shop_name, lang)
    _sales(b, report, lang)
    _cash(b, report, lang)
    b.feed(2)
    b.cut()
    return b.build()


def _vnd(amount: int, lang: str) -> str:
    """An amount in ``lang``, its no-break spaces made plain for the printer's fonts."""
    return for_printer(format_vnd(amount, lang))


def _when(moment: dt.datetime | None, lang: str) -> str:
    """A moment in Vietnam time, or "still open" for a shift not closed yet."""
    return f"{moment.astimezone(VIETNAM):%d/%m/%Y %H:%M}" if moment else label("still_open", lang)


def _head(b: DocumentBuilder, report: CashReport, shop_name: str, lang: str) -> None:
    """The shop, the kind of report, its number, terminal, day and print time, and the shifts."""
    t, when = partial(label, lang=lang), partial(_when, lang=lang)
    b.title(shop_name)
    b.separator(SeparatorStyle.DOUBLE)
    title = {"x": "x_title", "z": "z_title", "shift": "shift_title"}[report.kind]
    b.text(t(title), Align.CENTER, bold=True, size=Size.DOUBLE_HEIGHT)
    if report.z_no is not None:
        b.row(t("z_no"), f"{report.terminal_code}-Z{report.z_no:04d}", bold=True)
    b.row(t("terminal"), report.terminal_code)
    b.row(t("business_date"), f"{report.business_date:%d/%m/%Y}")
    b.row(t("printed_at"), when(report.made_at))
    for sh in report.shifts:
        b.separator()
        b.row(t("shift"), sh.opened_by)
        b.row(f"  {t('opened')}", when(sh.opened_at))
        b.row(f"  {t('closed')}", when(sh.closed_at))


def _sales(b: DocumentBuilder, report: CashReport, lang: str) -> None:
    """Sales, discounts, refunds and voids; the net per payment method and the VAT per rate."""
    t, vnd = partial(label, lang=lang), partial(_vnd, lang=lang)
    b.separator()
    b.text(t("sales_section"), bold=True)
    b.row(t("sales_count"), str(report.sales_count))
    b.row(t("gross"), vnd(report.gross_vnd))
    if report.discounts_vnd:
        b.row(t("discounts"), vnd(-report.discounts_vnd))
    b.row(t("sales_total"), vnd(report.sales_vnd))
    if report.rounding_vnd:
        b.row(t("rounding"), vnd(report.rounding_vnd))
    b.row(t("refunds", count=report.refunds_count), vnd(-report.refunds_vnd))
    b.row(t("net"), vnd(report.net_vnd), bold=True, size=Size.DOUBLE_HEIGHT)
    b.row(t("voids", count=report.voids_count), vnd(report.voids_vnd))
    if report.methods:
        b.separator()
        b.text(t("payments_section"), bold=True)
        for m in report.methods:
            b.row(term(m.method, lang), vnd(m.net_vnd))
    if report.vat:
        b.separator()
        b.text(t("vat_section"), bold=True)
        for v in report.vat:
            b.row(t("vat_rate", rate=v.rate_pct, gross=vnd(v.gross_vnd)), vnd(v.vat_vnd))


def _cash(b: DocumentBuilder, report: CashReport, lang: str) -> None:
    """The drawer: float, cash in and out, expected, counted and the difference; the notes."""
    t, vnd = partial(label, lang=lang), partial(_vnd, lang=lang)
    b.separator()
    b.text(t("cash_section"), bold=True)
    b.row(t("float"), vnd(report.float_vnd))
    b.row(t("cash_sales"), vnd(report.cash_sales_vnd))
    b.row(t("cash_refunds"), vnd(-report.cash_refunds_vnd))
    b.row(t("pay_ins"), vnd(report.pay_ins_vnd))
    b.row(t("pay_outs"), vnd(-report.pay_outs_vnd))
    for m in report.movements:
        sign = 1 if m.kind == "pay_in" else -1
        b.row(f"  {t(m.kind)}: {m.reason}", vnd(sign * m.amount_vnd))
    b.row(t("expected"), vnd(report.expected_cash_vnd), bold=True)
    if report.counted_cash_vnd is not None:
        b.row(t("counted"), vnd(report.counted_cash_vnd), bold=True)
        b.row(t("difference"), vnd(report.difference_vnd or 0), bold=True)
    if report.notes:
        b.separator()
        b.text(t("count_section"), bold=True)
        for denomination, count in report.notes:
            if count:
                b.row(f"  {count} x {vnd(denomination)}", vnd(count * denomination))
