"""The producer's consignment settlement statement as a table (screen, CSV) and an A4 PDF to sign."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.core.cash.settlement import BEGINNING, Statement
from kiosk.core.money import format_vnd
from kiosk.core.reports.documents import WORDS, footer, local_time, w
from kiosk.core.reports.pdf import Fields, Signatures, Text, render
from kiosk.core.reports.table import UNIT_NAMES, Column, ReportTable, tr
from kiosk.i18n import N_


def statement_table(st: Statement, lang: str = "vi") -> ReportTable:
    rows = tuple(
        (
            x.sku,
            x.name,
            tr(UNIT_NAMES.get(x.unit, x.unit), lang),
            x.sold_qty,
            x.sold_vnd,
            x.refunded_qty,
            x.refunded_vnd,
            x.commission_pct,
            x.commission_vnd,
            x.owed_vnd,
        )
        for x in st.lines
    )
    return ReportTable(
        "statement",
        WORDS["goods"],
        (
            Column("sku", N_("SKU")),
            Column("name", N_("Product")),
            Column("unit", N_("Unit")),
            Column("sold_qty", N_("Sold"), "qty"),
            Column("sold_vnd", N_("Amount sold"), "vnd"),
            Column("refunded_qty", N_("Refunded"), "qty"),
            Column("refunded_vnd", N_("Amount refunded"), "vnd"),
            Column("commission_pct", N_("Commission (%)"), "int"),
            Column("commission_vnd", N_("Commission"), "vnd"),
            Column("owed_vnd", N_("Owed"), "vnd"),
        ),
        rows,
        (None, None, None, None, st.sold_vnd, None, st.refunded_vnd, None, st.commission_vnd,
         st.owed_vnd),
    )  # fmt: skip


def statement_pdf(
    st: Statement, path: Path | str, *, settings: Mapping[str, Any], lang: str = "vi"
) -> Path:
    def vnd(v: int) -> str:
        return format_vnd(v, lang)

    end_shown = st.period_end
    subtitle = [
        settings["shop_name"],
        w("statement_no", lang, no=st.statement_no) if st.statement_no else w("draft", lang),
        w("statement_period", lang, start=local_time(st.period_start), end=local_time(end_shown))
        if st.period_start > BEGINNING
        else w("statement_first", lang, end=local_time(end_shown)),
    ]
    producer = [(w("producer", lang), st.producer_name)]
    for key, value in (
        ("address", st.producer_address),
        ("province", st.province),
        ("tax_code", st.producer_tax_code),
        ("bank", st.producer_bank),
    ):
        if value:
            producer.append((w(key, lang), value))
    summary = (
        (w("sold", lang), vnd(st.sold_vnd)),
        (w("refunded", lang), vnd(-st.refunded_vnd)),
        (w("net", lang), vnd(st.net_vnd)),
        (w("commission", lang), vnd(-st.commission_vnd)),
        (w("owed", lang), vnd(st.owed_vnd)),
    )
    blocks = [
        Fields("", tuple(producer)),
        statement_table(st, lang),
        Fields(w("summary", lang), summary, frozenset({w("owed", lang), w("net", lang)})),
        Text(
            tr(
                N_(
                    "Amounts include VAT, after discounts; refunds are deducted in the period "
                    "they were made."
                ),
                lang,
            ),
            small=True,
        ),
        Signatures((w("shop_signs", lang), w("producer_signs", lang)), w("sign_hint", lang)),
    ]
    return render(
        path,
        title=w("statement_title", lang),
        subtitle=subtitle,
        blocks=blocks,
        lang=lang,
        footer=footer(lang),
    )
