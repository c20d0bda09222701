"""Receive MultiSafepay notifications in Starlette or FastAPI.

```python
from multisafepay_async.integrations.starlette import notification_endpoint

async def on_order(order: Order) -> None:
    ...  # update your database; raise to make MultiSafepay try again later

app.add_api_route(                      # FastAPI; Starlette: Route(path, endpoint, methods=...)
    "/webhooks/multisafepay",
    notification_endpoint(API_KEY, on_order, client=lambda: app.state.msp),
    methods=["POST", "GET"],
)
```
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .._extras import MissingExtraError

try:
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
except ImportError:
    raise MissingExtraError(
        "starlette is not installed: pip install 'multisafepay-async[starlette]'"
    ) from None

from ..webhooks import DEFAULT_MAX_AGE
from ._common import ClientSource, OrderHandler, process_notification

__all__ = ["notification_endpoint"]


def notification_endpoint(
    api_key: str,
    handler: OrderHandler,
    *,
    client: ClientSource = None,
    max_age: float = DEFAULT_MAX_AGE,
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that verifies the raw body, calls `handler(order)` and answers `OK`.

    Refused notifications get 401 (signature) or 400 (payload) and a warning log line
    without body or key. `client` (or a callable returning it) serves GET-style
    notifications by fetching the order.
    """

    async def endpoint(request: Request) -> Response:
        status, text = await process_notification(
            method=request.method,
            body=await request.body(),
            auth=request.headers.get("auth"),
            query=request.query_params,
            api_key=api_key,
            handler=handler,
            client=client,
            max_age=max_age,
        )
        return PlainTextResponse(text, status_code=status)

    return endpoint
