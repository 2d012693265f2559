"""A report CSV never hands a spreadsheet a formula: a product named like one stays text."""

import csv
import datetime as dt
import io

from kiosk.core.localtime import VIETNAM
from kiosk.core.reports.csvsafe import safe_cell
from kiosk.core.reports.period import Reports
from kiosk.core.reports.table import write_csv
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from tests.factories import make_product

EVIL = "=cmd|' /C calc'!A0"


def test_product_named_like_a_formula_is_text_in_the_csv_when_exported(
    session_factory, settings, clerk, manager, shift
):
    evil = make_product(session_factory, name_vi=EVIL, price_vnd=50_000)
    cart = Cart(clerk)
    cart.add(evil, 2)
    Checkout(session_factory, settings).complete(cart, [Cash(100_000)])
    today = dt.datetime.now(VIETNAM).date()
    table = Reports(session_factory, settings).table(manager, "by_product", today, today, lang="vi")
    out = io.StringIO()
    write_csv(table, out, "vi")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    row = next(r for r in rows if any(EVIL in cell for cell in r))
    assert "'" + EVIL in row and EVIL not in row
    assert "100000" in row  # amounts stay numbers a spreadsheet sums


def test_every_formula_start_is_quoted_and_numbers_are_left_alone():
    for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell("Nước mắm") == "Nước mắm"
    assert safe_cell(-10_000) == -10_000
