"""After a create that may have arrived: the order it made, or `OutcomeUnknownError`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import MultiSafepayError, OutcomeUnknownError
from ..models.order import CreatedOrder, Order
from ..models.requests import OrderRequest
from ._base import CallOptions, for_lookup

if TYPE_CHECKING:
    from .orders import Orders

__all__ = ["reconcile_create"]


async def reconcile_create(
    orders: Orders,
    request: OrderRequest,
    unknown: OutcomeUnknownError,
    options: CallOptions,
) -> CreatedOrder:
    """The order the ambiguous create made, or `OutcomeUnknownError`: never anything else,
    since a caller that sees any other error may create the order again."""
    try:
        order = await orders.get(request.order_id, **for_lookup(options))
    except MultiSafepayError as exc:
        # Not found may only mean "not yet": the POST may still be in flight at
        # MultiSafepay. Any other failure leaves the outcome just as unknown.
        raise unknown.after_lookup(exc, "the lookup that followed failed") from exc
    if _not_this_request(order, request):
        # An older order under the same id (MultiSafepay refuses a reused id with 1006).
        found = f"{order.amount} {order.currency}"
        raise unknown.after_lookup(
            None, f"the lookup found an order with another amount ({found})"
        ) from None
    return CreatedOrder(order_id=order.order_id, order=order)


def _not_this_request(order: Order, request: OrderRequest) -> bool:
    """Whether the order found under the request's id plainly is not the one it asked for."""
    other_amount = order.amount is not None and order.amount != request.amount
    other_currency = order.currency is not None and order.currency.upper() != request.currency
    return other_amount or other_currency
