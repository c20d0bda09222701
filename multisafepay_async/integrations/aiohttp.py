"""Receive MultiSafepay notifications in an aiohttp.web application.

```python
from multisafepay_async.integrations.aiohttp import notification_handler

app.router.add_route("*", "/webhooks/multisafepay", notification_handler(API_KEY, on_order))
```
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .._extras import MissingExtraError

try:
    from aiohttp import web
except ImportError:
    raise MissingExtraError(
        "aiohttp is not installed: pip install 'multisafepay-async[aiohttp]'"
    ) from None

from ..webhooks import DEFAULT_MAX_AGE
from ._common import ClientSource, OrderHandler, process_notification

__all__ = ["notification_handler"]


def notification_handler(
    api_key: str,
    handler: OrderHandler,
    *,
    client: ClientSource = None,
    max_age: float = DEFAULT_MAX_AGE,
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A handler that verifies the raw body, calls `handler(order)` and answers `OK`."""

    async def handle(request: web.Request) -> web.Response:
        status, text = await process_notification(
            method=request.method,
            body=await request.read(),
            auth=request.headers.get("Auth"),
            query=request.query,
            api_key=api_key,
            handler=handler,
            client=client,
            max_age=max_age,
        )
        return web.Response(text=text, status=status)

    return handle
