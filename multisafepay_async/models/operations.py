"""Request bodies and answers of order operations: update, refund, capture, cancel."""

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from ..errors import ValidationError
from .common import extra_field
from .requests import Id, _text, _whole

__all__ = [
    "CaptureRequest",
    "OperationResult",
    "OrderUpdate",
    "RefundRequest",
    "ReservationCancel",
]


@attrs.frozen(kw_only=True)
class OrderUpdate:
    """`PATCH /orders/{id}`: ship (`status="shipped"` + track & trace), cancel an unpaid
    order (`status="cancelled"`, `exclude_order=True`), set invoice details, partially ship
    (`amount`), or extend a Klarna reservation (`extend_expiration=True`, `reason`)."""

    status: Literal["shipped", "cancelled", "completed"] | None = None
    tracktrace_code: str | None = None
    tracktrace_url: str | None = None
    carrier: str | None = None
    ship_date: str | None = None
    reason: str | None = None
    invoice_id: str | None = None
    invoice_url: str | None = None
    po_number: str | None = None
    exclude_order: bool | None = None
    amount: int | None = attrs.field(default=None, validator=_whole(low=1))
    extend_expiration: bool | None = None
    new_order_id: Id | None = attrs.field(default=None, validator=_text(min_len=1, max_len=50))

    def __attrs_post_init__(self) -> None:
        # Every update the spec describes has a status or extends a Klarna reservation;
        # invoice or tracking details alone are not one of them.
        if self.status is None and not self.extend_expiration:
            raise ValidationError(
                "order update",
                ["$.status: required (shipped, cancelled, ...) unless extend_expiration is set"],
            )
        if self.extend_expiration and not self.reason:
            raise ValidationError("order update", ["$.reason: required with extend_expiration"])


@attrs.frozen(kw_only=True)
class RefundRequest:
    """`POST /orders/{id}/refunds`: `amount` in minor units (omit for a full refund), or
    `checkout_data` with negative cart lines for BNPL orders."""

    currency: str | None = None
    amount: int | None = attrs.field(default=None, validator=_whole(low=1))
    description: str | None = attrs.field(default=None, validator=_text(max_len=200))
    refund_order_id: Id | None = attrs.field(default=None, validator=_text(min_len=1, max_len=50))
    var1: str | None = None
    var2: str | None = None
    var3: str | None = None
    checkout_data: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class CaptureRequest:
    """`POST /orders/{id}/capture`: capture an authorised (manual-capture) payment, fully or
    in part."""

    amount: int = attrs.field(validator=_whole(low=1))
    new_order_status: Literal["completed"] = "completed"
    new_order_id: Id | None = attrs.field(default=None, validator=_text(min_len=1, max_len=50))
    invoice_id: str | None = None
    tracktrace_code: str | None = None
    carrier: str | None = None
    reason: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class ReservationCancel:
    """`PATCH /capture/{id}`: void an authorised reservation."""

    reason: str = attrs.field(validator=_text(min_len=1, max_len=200))
    status: Literal["cancelled"] = "cancelled"
    description: str | None = None


@attrs.frozen(kw_only=True)
class OperationResult:
    """What an order operation answered: ids of any transaction it created (a refund, a
    capture, a shipment), or nothing (`{}`)."""

    order_id: str | None = None
    transaction_id: int | None = None
    refund_id: int | None = None
    model_extra: Mapping[str, Any] = extra_field()
