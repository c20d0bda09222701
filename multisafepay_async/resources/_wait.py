"""`orders.wait`: await an order's outcome, by its event stream when there is one, else by
polling; every answer confirmed with `orders.get`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..errors import (
    APIConnectionError,
    MultiSafepayError,
    RateLimitError,
    ServerError,
    ValidationError,
    WaitTimeoutError,
)
from ..models.order import CreatedOrder, Order
from ..models.status import OrderStatus
from ._base import CallExtras
from ._ids import path_id

if TYPE_CHECKING:
    from .orders import Orders

__all__ = ["Until", "check_wait", "predicate", "wait_for"]

logger = logging.getLogger("multisafepay_async")

#: What `orders.wait` waits for: statuses (or their names), or a test of the order.
Until = Iterable[OrderStatus | str] | Callable[[Order], bool] | None
# Failures a later lookup may not see again: keep waiting through them.
_PASSING = (APIConnectionError, ServerError, RateLimitError)
MAX_POLL_INTERVAL = 15.0


def predicate(until: Until) -> Callable[[Order], bool]:
    """`until` as a test of an order; checked before anything is sent."""
    if until is None:
        return lambda order: order.status.outcome_known
    if callable(until):
        return until
    if isinstance(until, (str, bytes)) or not isinstance(until, Iterable):
        raise ValidationError("until", [f"$: expected statuses or a function, got {until!r}"])
    wanted: set[OrderStatus] = set()
    for status in until:
        member = OrderStatus(status) if isinstance(status, str) else status
        if not isinstance(member, OrderStatus) or (
            member is OrderStatus.UNKNOWN and status != "unknown"
        ):
            raise ValidationError("until", [f"$: not an order status: {status!r}"])
        wanted.add(member)
    if not wanted:
        raise ValidationError("until", ["$: no status to wait for"])
    return lambda order: order.status in wanted


def check_wait(order: object, timeout: object, poll_interval: object) -> None:
    """`orders.wait`'s arguments, checked before anything is sent."""
    problems = []
    if timeout is not None and (
        not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0
    ):
        problems.append(f"$.timeout: expected seconds > 0, got {timeout!r}")
    if not isinstance(poll_interval, (int, float)) or not poll_interval > 0:
        problems.append(f"$.poll_interval: expected seconds > 0, got {poll_interval!r}")
    if isinstance(order, str):
        path_id("order_id", order)
    elif not isinstance(order, (CreatedOrder, Order)):
        problems.append(f"$: expected an order or its id, got {order!r}")
    if problems:
        raise ValidationError("wait", problems)


async def wait_for(
    orders: Orders,
    order: CreatedOrder | Order | str,
    test: Callable[[Order], bool],
    *,
    timeout: float | None,
    poll_interval: float,
    max_retries: int | None,
    extras: CallExtras,
) -> Order:
    order_id = order if isinstance(order, str) else order.order_id
    created = order if isinstance(order, CreatedOrder) else None
    loop = asyncio.get_running_loop()
    started = loop.time()
    seen: list[Order] = []  # the last order seen, for the timeout error

    async def look() -> bool:
        try:
            found = await orders.get(order_id, max_retries=max_retries, **extras)
        except _PASSING as exc:
            logger.debug("orders.wait: lookup of %r failed (%s); waiting on", order_id, exc)
            return False
        seen[:] = [found]
        return test(found)

    try:
        async with asyncio.timeout(timeout):
            if await look():
                return seen[0]
            if created is not None and created.events_token and created.events_stream_url:
                try:
                    async with orders._client.events.subscribe(
                        created, max_retries=max_retries
                    ) as events:
                        async for _ in events:  # something changed: the lookup says what
                            if await look():
                                return seen[0]
                except MultiSafepayError as exc:
                    logger.debug("orders.wait: event stream failed (%s); polling instead", exc)
            delay = poll_interval
            while True:
                await asyncio.sleep(delay)
                if await look():
                    return seen[0]
                delay = min(delay * 1.5, max(poll_interval, MAX_POLL_INTERVAL))
    except TimeoutError:
        raise WaitTimeoutError(order_id, seen[0] if seen else None, loop.time() - started) from None
