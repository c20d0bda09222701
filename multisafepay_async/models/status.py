"""Order and transaction statuses (api-facts §5).

MultiSafepay reports two statuses: `status`, the order's lifecycle, and `financial_status`,
where the money is. Both enums accept every documented spelling (`chargedback` and
`chargeback`, `cancelled` and `canceled`, any case); a value not known here becomes `UNKNOWN`
instead of failing, and the model that holds it keeps the raw string (`Order.raw_status`).
"""

from __future__ import annotations

import warnings
from enum import StrEnum
from typing import Any

__all__ = ["FinancialStatus", "OrderStatus"]

_ALIASES = {
    "chargeback": "chargedback",
    "canceled": "cancelled",
    "partially_refunded": "partial_refunded",
}


class _TolerantStatus(StrEnum):
    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = value.strip().lower()
            key = _ALIASES.get(key, key)
            for member in cls:
                if member.value == key:
                    return member
        return cls("unknown")


class OrderStatus(_TolerantStatus):
    """The order's status (`Order.status`). Each helper answers one question a shop asks;
    docs/statuses.md has the table of every status x helper."""

    INITIALIZED = "initialized"
    COMPLETED = "completed"
    UNCLEARED = "uncleared"
    RESERVED = "reserved"
    SHIPPED = "shipped"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    VOID = "void"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    PARTIAL_REFUNDED = "partial_refunded"
    CHARGEDBACK = "chargedback"
    UNKNOWN = "unknown"

    @property
    def meaning(self) -> str:
        """What MultiSafepay means by this status, in a sentence."""
        return _MEANINGS[self.value]

    @property
    def is_pending(self) -> bool:
        """Still waiting on the customer, a bank or a review: await the webhook or poll."""
        return self in _ORDER_PENDING

    @property
    def is_paid(self) -> bool:
        """The customer paid and the shop keeps at least part of it: completed, shipped, or
        partly refunded. False once all of it went back (refunded, charged back)."""
        return self in _ORDER_PAID

    @property
    def has_failed(self) -> bool:
        """The payment failed for good and no money moved: declined, cancelled, void or
        expired."""
        return self in _ORDER_FAILED

    @property
    def money_may_move(self) -> bool:
        """A later notification may still move money on this order: pending, or paid (a
        refund, a chargeback, its reversal may follow). False after a failure or a full
        refund; True for a status this version does not know."""
        return self not in _ORDER_SETTLED

    @property
    def outcome_known(self) -> bool:
        """The payment's outcome is known (paid, declined, expired, cancelled, refunded ...),
        even where it may still change later; not for pending or unknown statuses. What
        `orders.wait` waits for by default."""
        return self not in _ORDER_PENDING and self is not OrderStatus.UNKNOWN

    @property
    def is_final(self) -> bool:
        """Deprecated alias of `has_failed` (its name promised more than it meant)."""
        return _deprecated_final(self.has_failed)


class FinancialStatus(_TolerantStatus):
    """Where the money is (`Order.financial_status`); `created`, `new`, `manual` and `error`
    occur only as transaction-list filters. Its helpers ask the same questions as
    `OrderStatus`'s, of the funds."""

    INITIALIZED = "initialized"
    COMPLETED = "completed"
    UNCLEARED = "uncleared"
    RESERVED = "reserved"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    VOID = "void"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    PARTIAL_REFUNDED = "partial_refunded"
    CHARGEDBACK = "chargedback"
    CREATED = "created"
    NEW = "new"
    MANUAL = "manual"
    ERROR = "error"
    UNKNOWN = "unknown"

    @property
    def meaning(self) -> str:
        """What MultiSafepay means by this status, in a sentence."""
        return _MEANINGS[self.value]

    @property
    def is_pending(self) -> bool:
        """Funds are not settled yet (authorised, under review or queued)."""
        return self in _FINANCIAL_PENDING

    @property
    def is_paid(self) -> bool:
        """Funds were received and at least part is kept (completed, partly refunded)."""
        return self in _FINANCIAL_PAID

    @property
    def has_failed(self) -> bool:
        """No money moved and none will: declined, cancelled, void, expired or error."""
        return self in _FINANCIAL_FAILED

    @property
    def money_may_move(self) -> bool:
        """Funds may still move: anything but a failure or a full refund."""
        return self not in _FINANCIAL_SETTLED

    @property
    def is_final(self) -> bool:
        """Deprecated alias of `has_failed`."""
        return _deprecated_final(self.has_failed)


def _deprecated_final(value: bool) -> bool:
    warnings.warn(
        "is_final is deprecated (removed in 0.4 at the earliest): use has_failed (the"
        " payment failed for good), or money_may_move / outcome_known",
        DeprecationWarning,
        stacklevel=3,
    )
    return value


_MEANINGS = {
    "initialized": "created; waiting for the customer to pay (or a refund about to start)",
    "completed": "paid; can still be shipped, refunded or charged back",
    "uncleared": "not paid yet: held for review, or shipped with the funds still pending",
    "reserved": "a refund or payout queued (until midnight or until the balance allows)",
    "shipped": "paid and marked shipped by the shop (pay after delivery)",
    "declined": "refused by the issuer, the acquirer or the risk check",
    "cancelled": "cancelled by the shop or the customer before paying",
    "void": "voided: an authorisation or a refund cancelled",
    "expired": "not paid in time",
    "refunded": "paid, then refunded in full",
    "partial_refunded": "paid, then refunded in part",
    "chargedback": "paid, then charged back by the customer's bank",
    "created": "a transaction created (transaction-list filter)",
    "new": "a new transaction (transaction-list filter)",
    "manual": "a manual transaction (transaction-list filter)",
    "error": "a transaction that failed with an error",
    "unknown": "a status this version does not know (the text sent is in raw_status)",
}

_ORDER_PENDING = frozenset({OrderStatus.INITIALIZED, OrderStatus.UNCLEARED, OrderStatus.RESERVED})
_ORDER_PAID = frozenset({OrderStatus.COMPLETED, OrderStatus.SHIPPED, OrderStatus.PARTIAL_REFUNDED})
_ORDER_FAILED = frozenset(
    {OrderStatus.DECLINED, OrderStatus.CANCELLED, OrderStatus.VOID, OrderStatus.EXPIRED}
)
_ORDER_SETTLED = _ORDER_FAILED | {OrderStatus.REFUNDED}
_FINANCIAL_PENDING = frozenset(
    {
        FinancialStatus.INITIALIZED,
        FinancialStatus.UNCLEARED,
        FinancialStatus.RESERVED,
        FinancialStatus.CREATED,
        FinancialStatus.NEW,
        FinancialStatus.MANUAL,
    }
)
_FINANCIAL_PAID = frozenset({FinancialStatus.COMPLETED, FinancialStatus.PARTIAL_REFUNDED})
_FINANCIAL_FAILED = frozenset(
    {
        FinancialStatus.DECLINED,
        FinancialStatus.CANCELLED,
        FinancialStatus.VOID,
        FinancialStatus.EXPIRED,
        FinancialStatus.ERROR,
    }
)
_FINANCIAL_SETTLED = _FINANCIAL_FAILED | {FinancialStatus.REFUNDED}
