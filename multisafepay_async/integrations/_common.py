"""What every framework adapter does with a notification, framework-free."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Union

from ..errors import MultiSafepayError, NotFoundError, ValidationError, WebhookVerificationError
from ..models.order import Order
from ..webhooks import ACKNOWLEDGEMENT, DEFAULT_MAX_AGE, fetch_notified_order, parse_notification

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["ClientSource", "OrderHandler", "process_notification"]

logger = logging.getLogger("multisafepay_async.webhooks")

#: Your code: called with the verified `Order`; may be a coroutine function.
OrderHandler = Callable[[Order], Awaitable[object] | object]
#: A client, or a callable returning one (e.g. `lambda: app.state.msp` set in a lifespan).
ClientSource = Union["AsyncClient", Callable[[], "AsyncClient"], None]

_SIGNATURE_REASONS = frozenset(
    {"missing_header", "malformed_header", "bad_signature", "too_old", "from_the_future"}
)


async def process_notification(
    *,
    method: str,
    body: bytes,
    auth: str | None,
    query: Mapping[str, str],
    api_key: str,
    handler: OrderHandler,
    client: ClientSource = None,
    max_age: float = DEFAULT_MAX_AGE,
) -> tuple[int, str]:
    """(HTTP status, body) to answer, a short plain text and never a traceback. 200 `OK` only
    after `handler` returned; if it raises, 500 (logged with its traceback): MultiSafepay
    tries again later. A GET notification naming an order the API does not know (anyone can
    send one) gets 404, one the API cannot be asked about now 503; both are logged."""
    try:
        if method.upper() == "GET":  # legacy style: no body, no signature
            resolved = client() if callable(client) else client
            if resolved is None:
                raise WebhookVerificationError(
                    "missing_header", "GET notifications are unsigned; pass client= to fetch"
                )
            order = await fetch_notified_order(resolved, query)
        else:
            order = parse_notification(body, auth, api_key, max_age=max_age)
    except WebhookVerificationError as exc:
        # Never the body or the key: only why, and which order the URL names.
        logger.warning(
            "refused a MultiSafepay notification for %r: %s",
            query.get("transactionid"),
            exc.reason,
        )
        status = 401 if exc.reason in _SIGNATURE_REASONS else 400
        return status, "invalid notification"
    except (NotFoundError, ValidationError) as exc:
        logger.warning(
            "refused a GET notification for %r: %s", query.get("transactionid"), exc.message
        )
        return (404, "unknown order") if isinstance(exc, NotFoundError) else (400, "invalid id")
    except MultiSafepayError as exc:
        logger.warning(
            "could not fetch the order of a GET notification for %r (%s): answered 503",
            query.get("transactionid"),
            type(exc).__name__,
        )
        return 503, "try again later"
    try:
        result = handler(order)
        if inspect.isawaitable(result):
            await result
    except Exception:
        logger.exception("the notification handler failed for order %r", order.order_id)
        return 500, "handler failed"
    return 200, ACKNOWLEDGEMENT
