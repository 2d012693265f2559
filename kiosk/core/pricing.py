"""Money arithmetic of a sale, in integer đồng only.

Prices are VAT-inclusive. VAT contained is computed per rate on the rate's total and rounded
once per rate (never per line), half up. A cart discount is spread over the lines in proportion
to their amounts by the largest-remainder method, so the shares add up to the discount exactly.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The rounding rules head office checks arriving sales with; named here for the kiosk.
from hq.rounding import div_round, vat_contained

MAX_AMOUNT_VND = 10**12


def weighed_amount(price_per_kg_vnd: int, grams: int) -> int:
    return div_round(price_per_kg_vnd * grams, 1000)


def percent_of(amount_vnd: int, percent: int) -> int:
    return div_round(amount_vnd * percent, 100)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights``; the parts add up to ``total`` exactly."""
    base = sum(weights)
    if total == 0 or base == 0:
        return [0] * len(weights)
    shares = [total * w // base for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % base), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


@dataclass(frozen=True)
class VatLine:
    rate_pct: int
    gross_vnd: int
    vat_vnd: int


def vat_by_rate(amounts: Iterable[tuple[int, int]]) -> list[VatLine]:
    """``amounts`` are (rate, gross) pairs; returns one line per rate, by rate."""
    per_rate: dict[int, int] = {}
    for rate, gross in amounts:
        per_rate[rate] = per_rate.get(rate, 0) + gross
    return [
        VatLine(rate, gross, vat_contained(gross, rate)) for rate, gross in sorted(per_rate.items())
    ]
