from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.pricing import allocate, div_round, vat_by_rate, vat_contained, weighed_amount


def test_div_round_rounds_half_up():
    assert div_round(5, 10) == 1
    assert div_round(4, 10) == 0
    assert div_round(15, 10) == 2
    assert div_round(0, 7) == 0


def test_vat_contained_in_a_vat_inclusive_price():
    assert vat_contained(108_000, 8) == 8_000
    assert vat_contained(110_000, 10) == 10_000
    assert vat_contained(100_000, 0) == 0


def test_vat_is_rounded_once_per_rate_not_per_line():
    # Three lines of 1.050 đ at 8 %: 77,78 đ each would round to 78 x 3 = 234 per line;
    # on the rate's total 3.150 đ it is 233,33 -> 233.
    lines = vat_by_rate([(8, 1_050), (8, 1_050), (8, 1_050), (10, 11_000)])
    assert [(v.rate_pct, v.gross_vnd, v.vat_vnd) for v in lines] == [
        (8, 3_150, 233),
        (10, 11_000, 1_000),
    ]


def test_weighed_amount_is_price_per_kilogram_times_grams():
    assert weighed_amount(250_000, 1_250) == 312_500
    assert weighed_amount(99_999, 1) == 100


@given(
    total=st.integers(min_value=0, max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30),
)
def test_allocation_adds_up_exactly_and_follows_weights(total, weights):
    shares = allocate(total, weights)
    if sum(weights) == 0:
        assert shares == [0] * len(weights)
        return
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        exact = total * weight / sum(weights)
        assert abs(share - exact) < 1
