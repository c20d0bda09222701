"""Order events: what MultiSafepay's event stream (Server-Sent Events) says about an order."""

from collections.abc import Mapping
from typing import Any

import attrs

from .common import extra_field
from .status import OrderStatus

__all__ = ["OrderEvent"]


@attrs.frozen(kw_only=True)
class OrderEvent:
    """One event of an order's stream.

    `data` is the event's payload decoded from JSON where it is JSON (else the text);
    `order_id` and `status` are read from it when present (at its top level or in a nested
    `data` object). An event says that something changed; `orders.get` says what.
    """

    id: str | None
    event: str
    data: Any
    raw_data: str
    order_id: str | None = None
    status: OrderStatus | None = None
    #: The reconnection time in milliseconds this event carried (`retry:`), if any.
    retry: int | None = None
    model_extra: Mapping[str, Any] = extra_field()
