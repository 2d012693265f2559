"""What the customer display shows at each step of a sale, built from the till without a window."""

from dataclasses import replace

import pytest

from kiosk.core.sale.customer_view import (
    AwaitingTransfer,
    Idle,
    Lines,
    Paid,
    after_cart_change,
    cart_view,
    display_screen,
    idle_view,
    in_language,
    label,
    money,
    paid_view,
    quantity,
    transfer_view,
)
from kiosk.core.sale.vietqr import parse_tlv
from kiosk.core.settings_editor import InvalidSetting, SettingsEditor
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750, PEPPER_ITEM, build_template, open_till

SHOP = "Cửa hàng OCOP Phú Quốc"


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(template, tmp_path):
    t = open_till(template, tmp_path)
    t.sign_in("Lan", "1111")
    return t


def shown(till, previous=None, lang="vi"):
    return cart_view(till.totals(), shop_name=SHOP, lang=lang, previous=previous)


def test_empty_cart_when_nothing_is_sold_shows_the_shop_name(till):
    view = shown(till)
    assert view == Idle(SHOP, "vi")
    assert cart_view(None, shop_name=SHOP) == Idle(SHOP, "vi")


def test_scanned_lines_when_rung_up_show_name_quantity_amount_and_total(till):
    till.scan(FISH_SAUCE)
    first = shown(till)
    assert isinstance(first, Lines)
    assert [(ln.name_vi, ln.quantity, ln.amount_vnd) for ln in first.lines] == [
        ("Nước mắm Phú Quốc 40 độ đạm 500ml", 1, 185_000)
    ]
    assert first.total_vnd == 185_000 and first.latest_id == first.lines[0].line_id
    till.scan(FISH_SAUCE_750)
    second = shown(till, first)
    assert second.total_vnd == 330_000 and second.item_count == 2
    assert second.latest_id == second.lines[1].line_id


def test_latest_line_when_an_earlier_product_is_scanned_again_is_that_line(till):
    till.scan(FISH_SAUCE)
    till.scan(FISH_SAUCE_750)
    before = shown(till)
    till.scan(FISH_SAUCE)
    after = shown(till, before)
    assert after.latest_id == after.lines[0].line_id
    assert [ln.quantity for ln in after.lines] == [2, 1]
    assert after.total_vnd == 515_000


def test_discounted_cart_when_shown_says_the_discount_and_the_total_after_it(till):
    line = till.scan(FISH_SAUCE).line
    till.discount_line(line.id, amount_vnd=5_000)
    view = shown(till)
    assert view.discount_vnd == 5_000 and view.total_vnd == 180_000
    assert view.lines[0].amount_vnd == 180_000


def test_weighed_line_when_shown_reads_in_kilograms(till):
    product = till.scan(PEPPER_ITEM).needs_weight
    till.add(product, 250)
    line = shown(till).lines[0]
    assert quantity(line, "vi") == "0,25 kg" and quantity(line, "en") == "0.25 kg"
    assert line.amount_vnd == 95_000


def test_vietqr_when_drawn_for_the_whole_sale_asks_the_total_due(till):
    till.scan(FISH_SAUCE)
    till.scan(FISH_SAUCE_750)
    draft = till.begin_payment()
    qr = till.vietqr(draft.due_vnd, draft.reference)
    view = transfer_view(qr, total_vnd=draft.total_vnd, lang="en")
    assert isinstance(view, AwaitingTransfer)
    assert view.amount_vnd == view.total_vnd == 330_000
    assert parse_tlv(view.payload)["54"] == "330000"
    assert view.account == till.settings["vietqr_account"]
    assert view.bank_name == "Vietcombank" and view.reference == draft.reference
    assert view.status == "" and view.lang == "en"


def test_transfer_status_when_the_bank_confirms_is_carried_for_the_screen(till):
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    view = transfer_view(till.vietqr(185_000, draft.reference), total_vnd=185_000)
    assert replace(view, status="Đã nhận tiền").status == "Đã nhận tiền"


def test_cash_sale_when_paid_thanks_and_shows_the_change_in_the_receipt_language(till):
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    draft.add_cash(200_000)
    sale = till.complete(draft, receipt_lang="en")
    view = paid_view(sale)
    assert view == Paid(total_vnd=185_000, paid_vnd=200_000, change_vnd=15_000, lang="en")
    assert label("thank_you", view.lang) == "Thank you, see you again!"
    assert money(view.change_vnd, view.lang) == "15,000 VND"


def test_paid_screen_when_the_cart_empties_stays_until_the_next_scan(till):
    paid = Paid(185_000, 200_000, 15_000)
    assert after_cart_change(paid, shown(till)) is paid
    till.scan(FISH_SAUCE)
    assert isinstance(after_cart_change(paid, shown(till)), Lines)


def test_labels_when_the_receipt_is_in_both_languages_read_vietnamese_then_english():
    assert label("total", "vi") == "Tổng cộng"
    assert label("total", "both") == "Tổng cộng / Total"
    assert money(125_000, "both") == "125.000\xa0₫"
    assert in_language(idle_view(SHOP), "en") == Idle(SHOP, "en")
    assert idle_view(SHOP, "fr").lang == "vi"


@pytest.mark.parametrize(
    ("setting", "screens", "till_screen", "expected"),
    [
        ("auto", 1, 0, None),
        ("2", 1, 0, None),
        ("auto", 2, 0, 1),
        ("auto", 2, 1, 0),
        ("auto", 3, 0, 1),
        ("off", 2, 0, None),
        ("3", 3, 0, 2),
        ("3", 2, 0, None),
        ("1", 2, 0, None),
        ("x", 2, 0, None),
    ],
)
def test_display_screen_when_chosen_is_never_the_tills_own_or_a_missing_one(
    setting, screens, till_screen, expected
):
    assert display_screen(setting, screens, till_screen) == expected


def test_customer_display_setting_when_edited_takes_off_auto_or_a_screen_number(till):
    editor = SettingsEditor(till.settings)
    assert editor.values()["customer_display"] == "auto"
    assert editor.check("customer_display", " 2 ") == "2"
    with pytest.raises(InvalidSetting) as error:
        editor.check("customer_display", "second")
    assert error.value.data["reason"] == "customer_display"
