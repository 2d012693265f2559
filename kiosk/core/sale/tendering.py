"""A payment being taken: the tenders the clerk has entered so far for one cart's total.

Split payments are a list of tenders; :func:`kiosk.core.sale.payments.settle` decides when they
cover the total. Each tender is checked as it is added, so the screen can say at once that a
card amount is more than is due, rather than when the clerk presses "complete".
"""

from dataclasses import dataclass, field

from hq.bank.references import new_reference
from kiosk.core.errors import InvalidAmount, MissingReference, Overpaid, PaymentShort
from kiosk.core.pricing import MAX_AMOUNT_VND
from kiosk.core.sale.payments import Card, Cash, Tender, VietQR, round_cash, settle


def _positive(amount_vnd: object) -> int:
    ok = isinstance(amount_vnd, int) and not isinstance(amount_vnd, bool)
    if not ok or not 0 < amount_vnd <= MAX_AMOUNT_VND:  # type: ignore[operator]
        raise InvalidAmount(amount_vnd=amount_vnd)
    return amount_vnd  # type: ignore[return-value]


@dataclass
class PaymentDraft:
    """State: the total to pay, the tenders entered in order, the VietQR purpose text and the
    shop's cash rounding step (0: none; see :mod:`kiosk.core.sale.payments`)."""

    total_vnd: int
    reference: str = ""
    tenders: list[Tender] = field(default_factory=list)
    rounding_step_vnd: int = 0

    @property
    def non_cash_vnd(self) -> int:
        return sum(t.amount_vnd for t in self.tenders if not isinstance(t, Cash))

    @property
    def cash_vnd(self) -> int:
        return sum(t.tendered_vnd for t in self.tenders if isinstance(t, Cash))

    @property
    def remaining_vnd(self) -> int:
        """What transfers and cards have not covered, to the đồng."""
        return max(0, self.total_vnd - self.non_cash_vnd)

    @property
    def cash_owed_vnd(self) -> int:
        """What the rest costs when it is paid in cash: rounded to the shop's step."""
        return round_cash(self.remaining_vnd, self.rounding_step_vnd)

    @property
    def cash_rounding_vnd(self) -> int:
        """The rounding of the rest if it is paid in cash (negative: in the customer's favour)."""
        return self.cash_owed_vnd - self.remaining_vnd

    @property
    def due_vnd(self) -> int:
        """What is still to pay (0 once covered): rounded once cash has been taken."""
        if self.cash_vnd:
            return max(0, self.cash_owed_vnd - self.cash_vnd)
        return self.remaining_vnd

    @property
    def cash_due_vnd(self) -> int:
        """What is still to pay if the rest is paid in cash."""
        return max(0, self.cash_owed_vnd - self.cash_vnd)

    @property
    def change_vnd(self) -> int:
        return max(0, self.cash_vnd - self.cash_owed_vnd)

    @property
    def settled(self) -> bool:
        return bool(self.tenders) and self.due_vnd == 0

    def add_cash(self, tendered_vnd: int) -> Cash:
        _positive(tendered_vnd)
        if self.due_vnd == 0:
            raise Overpaid(total_vnd=self.total_vnd, cash_vnd=tendered_vnd)
        return self._add(Cash(tendered_vnd))

    def add_vietqr(self, amount_vnd: int, reference: str = "", **confirmation: str) -> VietQR:
        """A transfer; ``confirmation``: confirmed_by, bank_reference, reason (see VietQR)."""
        amount = self._non_cash(amount_vnd)
        tender = self._add(VietQR(amount, reference or self.reference, **confirmation))
        if tender.reference == self.reference:  # a second transfer gets a code of its own
            self.reference = new_reference()
        return tender

    def add_card(self, amount_vnd: int, reference: str) -> Card:
        if not reference.strip():
            raise MissingReference(method="card")
        return self._add(Card(self._non_cash(amount_vnd), reference.strip()))

    def remove(self, index: int) -> Tender:
        return self.tenders.pop(index)

    def check(self) -> None:
        """Raise PaymentShort (or Overpaid) unless the tenders settle the total."""
        if not self.tenders:
            raise PaymentShort(total_vnd=self.total_vnd, missing_vnd=self.total_vnd)
        settle(self.total_vnd, self.tenders, self.rounding_step_vnd)

    def _non_cash(self, amount_vnd: int) -> int:
        _positive(amount_vnd)
        # Only cash gives change: a transfer or a card covers at most what is still due (to
        # the đồng: rounding is for cash only).
        if amount_vnd > max(0, self.remaining_vnd - self.cash_vnd):
            raise Overpaid(total_vnd=self.total_vnd, non_cash_vnd=self.non_cash_vnd + amount_vnd)
        return amount_vnd

    def _add(self, tender):
        self.tenders.append(tender)
        return tender


# What a customer's cash is rounded up to when they do not pay the exact amount: the next
# 10.000, 50.000, 100.000, ... above what is due, as the notes in a Vietnamese wallet make it.
TENDER_STEPS_VND = (10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)


def suggested_tenders(due_vnd: int, count: int = 4) -> list[int]:
    """The amounts a customer most likely hands over for ``due_vnd``, smallest first, each
    above it (the exact amount has its own button): for 1.147.500 đ, 1.150.000, 1.200.000,
    1.500.000 and 2.000.000."""
    if due_vnd <= 0:
        return []
    found: list[int] = []
    for step in TENDER_STEPS_VND:
        amount = -(-due_vnd // step) * step  # up to the next multiple of the step
        if amount > due_vnd and amount not in found:
            found.append(amount)
    return found[:count]
