"""The sale's rounding rules in integer đồng, once for both sides: the kiosk computes with them
(:mod:`kiosk.core.pricing` names them) and head office checks what arrives with the same
functions (:mod:`hq.sale_checks`). Standard library only: the kiosk imports this at start."""


def div_round(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, for non-negative integers."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("div_round takes a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


def vat_contained(gross_vnd: int, rate_pct: int) -> int:
    """VAT inside a VAT-inclusive amount: gross x rate / (100 + rate), rounded half up, once per
    rate on the rate's total (never per line)."""
    return div_round(gross_vnd * rate_pct, 100 + rate_pct)
