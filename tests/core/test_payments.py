import pytest

from kiosk.core.errors import InvalidAmount, MissingReference, Overpaid, PaymentShort
from kiosk.core.sale.payments import Card, Cash, VietQR, settle


def test_cash_gives_change():
    [cash] = settle(135_000, [Cash(200_000)])
    assert (cash.method, cash.amount_vnd, cash.tendered_vnd, cash.change_vnd) == (
        "cash",
        135_000,
        200_000,
        65_000,
    )


def test_split_transfer_and_cash():
    paid = settle(300_000, [VietQR(200_000), Cash(150_000)])
    assert [(p.method, p.amount_vnd, p.change_vnd) for p in paid] == [
        ("cash", 100_000, 50_000),
        ("vietqr", 200_000, 0),
    ]


def test_short_payment_says_how_much_is_missing():
    with pytest.raises(PaymentShort) as err:
        settle(300_000, [Card(100_000, "A1"), Cash(50_000)])
    assert err.value.data["missing_vnd"] == 150_000


def test_card_or_transfer_above_total_is_refused():
    with pytest.raises(Overpaid):
        settle(100_000, [Card(150_000, "A1")])
    with pytest.raises(Overpaid):
        settle(100_000, [VietQR(100_000), Cash(10_000)])


@pytest.mark.parametrize("bad", [0, -5, 1.5, 10**13, True])
def test_impossible_amounts_are_refused(bad):
    with pytest.raises(InvalidAmount):
        settle(100_000, [Cash(bad)])


def test_card_needs_its_reference():
    with pytest.raises(MissingReference):
        settle(100_000, [Card(100_000, "  ")])


@pytest.mark.parametrize(
    ("due", "suggested"),
    [
        (1_147_500, [1_150_000, 1_200_000, 1_500_000, 2_000_000]),
        (37_500, [40_000, 50_000, 100_000, 200_000]),
        (185_000, [190_000, 200_000, 500_000, 1_000_000]),
        (200_000, [500_000, 1_000_000]),  # 200.000 itself is the Exact button
        (0, []),
    ],
)
def test_suggested_tenders_when_due_are_the_next_notes_above_it(due, suggested):
    from kiosk.core.sale.tendering import suggested_tenders

    assert suggested_tenders(due) == suggested
