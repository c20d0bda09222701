"""Order and transaction statuses (api-facts §5).

MultiSafepay reports two statuses: `status`, the order's lifecycle, and `financial_status`,
where the money is. Both enums accept every documented spelling (`chargedback` and
`chargeback`, `cancelled` and `canceled`, any case); a value not known here becomes `UNKNOWN`
instead of failing, and the model that holds it keeps the raw string (`Order.raw_status`).
"""

from __future__ import annotations

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
    """The order's status (`Order.status`)."""

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
    def is_pending(self) -> bool:
        """Still waiting on the customer, a bank or a review: poll again or await the webhook."""
        return self in _ORDER_PENDING

    @property
    def is_paid(self) -> bool:
        """The customer paid (completed or shipped); refunds and chargebacks are not paid."""
        return self in _ORDER_PAID

    @property
    def is_final(self) -> bool:
        """The payment failed for good: declined, cancelled, void or expired.

        `completed` is not final: it can still become shipped, refunded or charged back.
        """
        return self in _ORDER_FINAL

    @property
    def outcome_known(self) -> bool:
        """The payment's outcome is known (paid, declined, expired, cancelled, refunded ...),
        even where it may still change later; not for pending or unknown statuses. What
        `orders.wait` waits for by default."""
        return self not in _ORDER_PENDING and self is not OrderStatus.UNKNOWN


class FinancialStatus(_TolerantStatus):
    """Where the money is (`Order.financial_status`); `created`, `new`, `manual` and `error`
    occur only as transaction-list filters."""

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
    def is_pending(self) -> bool:
        """Funds are not settled yet (authorised, under review or queued)."""
        return self in _FINANCIAL_PENDING

    @property
    def is_paid(self) -> bool:
        """Funds were received (`completed`)."""
        return self is FinancialStatus.COMPLETED

    @property
    def is_final(self) -> bool:
        """No money will move: declined, cancelled, void, expired or error."""
        return self in _FINANCIAL_FINAL


_ORDER_PENDING = frozenset({OrderStatus.INITIALIZED, OrderStatus.UNCLEARED, OrderStatus.RESERVED})
_ORDER_PAID = frozenset({OrderStatus.COMPLETED, OrderStatus.SHIPPED})
_ORDER_FINAL = frozenset(
    {OrderStatus.DECLINED, OrderStatus.CANCELLED, OrderStatus.VOID, OrderStatus.EXPIRED}
)
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
_FINANCIAL_FINAL = frozenset(
    {
        FinancialStatus.DECLINED,
        FinancialStatus.CANCELLED,
        FinancialStatus.VOID,
        FinancialStatus.EXPIRED,
        FinancialStatus.ERROR,
    }
)
