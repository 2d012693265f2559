"""The PDF documents of the back office: X/Z reports and period reports (the producer statement
is :mod:`kiosk.core.cash.statement_document`).

Each figure block that is a table is also a :class:`ReportTable`, so it exports to CSV the same
way as the period reports (``reports.write_csv``).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kiosk.core.localtime import VIETNAM
from kiosk.core.money import format_vnd
from kiosk.core.reports.pdf import Fields, Signatures, render
from kiosk.core.reports.table import Column, ReportTable, tr
from kiosk.core.reports.xz import CashReport, label
from kiosk.core.terms import term
from kiosk.i18n import N_

WORDS = {
    "generated": N_("Made on {when} · OCOP Kiosk"),
    "period": N_("Business days {start} to {end}"),
    "statement_title": N_("CONSIGNMENT SETTLEMENT STATEMENT"),
    "statement_sub": N_("Consigned goods sold for the producer"),
    "statement_no": N_("Statement no. {no}"),
    "draft": N_("DRAFT — not settled yet"),
    "statement_period": N_("From {start} to {end} (Vietnam time)"),
    "producer": N_("Producer"),
    "address": N_("Address"),
    "tax_code": N_("Tax code"),
    "bank": N_("Bank account"),
    "province": N_("Province"),
    "goods": N_("Consignment goods sold"),
    "summary": N_("Summary"),
    "sold": N_("Sold"),
    "refunded": N_("Refunded"),
    "net": N_("Net sales"),
    "commission": N_("Commission"),
    "owed": N_("Owed to the producer"),
    "shop_signs": N_("For the showroom"),
    "cashier_signs": N_("Cashier"),
    "manager_signs": N_("Manager"),
    "statement_first": N_("Up to {end} (Vietnam time), the first statement"),
    "producer_signs": N_("For the producer"),
    "sign_hint": N_("(signature and full name)"),
    "payments": N_("Payments (sales − refunds)"),
    "vat": N_("VAT by rate (net)"),
    "movements": N_("Pay-ins and pay-outs"),
    "cash_count": N_("Cash count"),
    "shifts": N_("Shifts"),
}


def w(key: str, lang: str, **fmt: object) -> str:
    return tr(WORDS[key], lang).format(**fmt)


def local_time(moment: dt.datetime) -> str:
    """A moment as dd/mm/yyyy hh:mm in Vietnam time."""
    return f"{moment.astimezone(VIETNAM):%d/%m/%Y %H:%M}"


def footer(lang: str, now: dt.datetime | None = None) -> str:
    """The line at the foot of every page: when and by what the document was made."""
    return w("generated", lang, when=local_time(now or dt.datetime.now(dt.UTC)))


# -- X and Z ----------------------------------------------------------------------------------


def cash_tables(report: CashReport, lang: str = "vi") -> list[ReportTable]:
    """The tables of an X/Z report: payments, VAT, pay-ins/outs, cash count, shifts."""
    tables = [
        _payments_table(report, lang),
        _vat_table(report),
        _movements_table(report, lang),
        _shifts_table(report, lang),
    ]
    if report.notes:
        tables.append(_cash_count_table(report))
    return tables


def _payments_table(report: CashReport, lang: str) -> ReportTable:
    """Per payment method: taken by the sales, paid back by the refunds, and the net."""
    return ReportTable(
        "payments",
        WORDS["payments"],
        (
            Column("method", N_("Payment method")),
            Column("sales_vnd", N_("Taken"), "vnd"),
            Column("refunds_vnd", N_("Paid back"), "vnd"),
            Column("net_vnd", N_("Net"), "vnd"),
        ),
        tuple(
            (term(m.method, lang), m.sales_vnd, m.refunds_vnd, m.net_vnd) for m in report.methods
        ),
        (
            None,
            sum(m.sales_vnd for m in report.methods),
            sum(m.refunds_vnd for m in report.methods),
            sum(m.net_vnd for m in report.methods),
        ),
    )


def _vat_table(report: CashReport) -> ReportTable:
    """The net VAT per rate, with the amounts it is contained in."""
    return ReportTable(
        "vat",
        WORDS["vat"],
        (
            Column("rate", N_("VAT rate (%)"), "int"),
            Column("gross_vnd", N_("Amount incl. VAT"), "vnd"),
            Column("vat_vnd", N_("VAT"), "vnd"),
        ),
        tuple((v.rate_pct, v.gross_vnd, v.vat_vnd) for v in report.vat),
        (None, sum(v.gross_vnd for v in report.vat), sum(v.vat_vnd for v in report.vat)),
    )


def _movements_table(report: CashReport, lang: str) -> ReportTable:
    """The pay-ins (positive) and pay-outs (negative) of the shifts."""
    return ReportTable(
        "movements",
        WORDS["movements"],
        (
            Column("time", N_("Time")),
            Column("kind", N_("Kind")),
            Column("name", N_("Reason")),
            Column("user", N_("By")),
            Column("amount_vnd", N_("Amount"), "vnd"),
        ),
        tuple(
            (
                f"{m.at.astimezone(VIETNAM):%H:%M}",
                label(m.kind, lang),
                m.reason,
                m.user,
                m.amount_vnd if m.kind == "pay_in" else -m.amount_vnd,
            )
            for m in report.movements
        ),
    )


def _shifts_table(report: CashReport, lang: str) -> ReportTable:
    """Who opened each shift, when it opened and closed, its float and its cash."""
    return ReportTable(
        "shifts",
        WORDS["shifts"],
        (
            Column("user", N_("Opened by")),
            Column("opened", N_("Opened")),
            Column("closed", N_("Closed")),
            Column("float_vnd", N_("Opening float"), "vnd"),
            Column("expected_vnd", N_("Expected cash"), "vnd"),
            Column("counted_vnd", N_("Counted cash"), "vnd"),
        ),
        tuple(
            (
                sh.opened_by,
                local_time(sh.opened_at),
                local_time(sh.closed_at) if sh.closed_at else label("still_open", lang),
                sh.float_vnd,
                sh.expected_cash_vnd,
                sh.counted_cash_vnd,
            )
            for sh in report.shifts
        ),
    )


def _cash_count_table(report: CashReport) -> ReportTable:
    """The notes counted in the drawer, by denomination."""
    return ReportTable(
        "cash_count",
        WORDS["cash_count"],
        (
            Column("denomination", N_("Denomination"), "vnd"),
            Column("count", N_("Count"), "int"),
            Column("amount_vnd", N_("Amount"), "vnd"),
        ),
        tuple((d, c, d * c) for d, c in report.notes),
        (None, sum(c for _, c in report.notes), sum(d * c for d, c in report.notes)),
    )


def cash_report_pdf(
    report: CashReport, path: Path | str, *, settings: Mapping[str, Any], lang: str = "vi"
) -> Path:
    def vnd(v: int) -> str:
        return format_vnd(v, lang)

    title = label({"x": "x_title", "z": "z_title", "shift": "shift_title"}[report.kind], lang)
    subtitle = [settings["shop_name"]]
    if settings.get("shop_address"):
        subtitle.append(settings["shop_address"])
    head = [
        (label("terminal", lang), report.terminal_code),
        (label("business_date", lang), f"{report.business_date:%d/%m/%Y}"),
        (label("printed_at", lang), local_time(report.made_at)),
    ]
    if report.z_no is not None:
        head.insert(0, (label("z_no", lang), f"{report.terminal_code}-Z{report.z_no:04d}"))
    sales = [
        (label("sales_count", lang), str(report.sales_count)),
        (label("gross", lang), vnd(report.gross_vnd)),
        (label("discounts", lang), vnd(-report.discounts_vnd)),
        (label("sales_total", lang), vnd(report.sales_vnd)),
        (label("rounding", lang), vnd(report.rounding_vnd)),
        (label("refunds", lang, count=report.refunds_count), vnd(-report.refunds_vnd)),
        (label("net", lang), vnd(report.net_vnd)),
        (label("voids", lang, count=report.voids_count), vnd(report.voids_vnd)),
    ]
    cash = [
        (label("float", lang), vnd(report.float_vnd)),
        (label("cash_sales", lang), vnd(report.cash_sales_vnd)),
        (label("cash_refunds", lang), vnd(-report.cash_refunds_vnd)),
        (label("pay_ins", lang), vnd(report.pay_ins_vnd)),
        (label("pay_outs", lang), vnd(-report.pay_outs_vnd)),
        (label("expected", lang), vnd(report.expected_cash_vnd)),
    ]
    if report.counted_cash_vnd is not None:
        cash.append((label("counted", lang), vnd(report.counted_cash_vnd)))
        cash.append((label("difference", lang), vnd(report.difference_vnd or 0)))
    bold = frozenset(
        {label("net", lang), label("expected", lang), label("counted", lang),
         label("difference", lang)}
    )  # fmt: skip
    tables = [t for t in cash_tables(report, lang) if t.rows]
    blocks = [
        Fields("", tuple(head)),
        Fields(label("sales_section", lang), tuple(sales), bold),
        Fields(label("cash_section", lang), tuple(cash), bold),
        *tables,
        Signatures((w("cashier_signs", lang), w("manager_signs", lang)), w("sign_hint", lang)),
    ]
    return render(
        path, title=title, subtitle=subtitle, blocks=blocks, lang=lang, footer=footer(lang)
    )


# -- period reports -----------------------------------------------------------------------------


def period_pdf(
    tables: Sequence[ReportTable],
    path: Path | str,
    *,
    title: str,
    start: dt.date,
    end: dt.date,
    settings: Mapping[str, Any],
    lang: str = "vi",
) -> Path:
    """Period reports in one PDF (the manager picks which)."""
    subtitle = [
        settings["shop_name"],
        w("period", lang, start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"),
    ]
    return render(
        path,
        title=title,
        subtitle=subtitle,
        blocks=list(tables),
        lang=lang,
        footer=footer(lang),
    )
