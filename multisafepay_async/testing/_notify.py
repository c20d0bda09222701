"""The fake's notification sender: signed POSTs to `notification_url`, retried until `OK`.

Like MultiSafepay (api-facts §7): the URL gets `?transactionid=<order_id>&timestamp=<unix>`,
the body is the order as `GET /orders/{id}` returns it, the `Auth` header signs the exact
bytes sent, and a delivery counts as acknowledged when the receiver answers 200 with `OK` in
the first 100 characters. Unacknowledged notifications are sent again (3 more times, 15
minutes apart on the real service; `retry_delay` here), each with a new timestamp.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import urlencode

import attrs
import httpx

from ..webhooks import sign_notification

__all__ = ["Delivery", "Notifier"]


@attrs.frozen
class Delivery:
    """One attempt to deliver one notification."""

    order_id: str
    url: str
    method: str
    attempt: int
    status: int | None  # None: no answer (connection failed)
    acknowledged: bool


class Notifier:
    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.attempts = 4
        self.retry_delay = 900.0
        self.transport: httpx.AsyncBaseTransport | None = None
        self.deliveries: list[Delivery] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def notify(self, order: dict[str, Any], options: dict[str, Any]) -> None:
        """Schedule delivery of `order`'s new state, if it has a notification_url."""
        url = options.get("notification_url")
        if not url:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # changed outside any event loop: nobody to deliver it
            return
        method = str(options.get("notification_method") or "POST").upper()
        task = loop.create_task(self._deliver(order, url, method))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        """Stop every delivery still running (waiting to retry, or in flight)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def settled(self) -> None:
        """Wait until every scheduled notification was acknowledged or given up."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def _deliver(self, order: dict[str, Any], url: str, method: str) -> None:
        body = json.dumps(order).encode()
        async with httpx.AsyncClient(transport=self.transport, timeout=10) as http:
            for attempt in range(1, self.attempts + 1):
                stamp = int(time.time())
                query = urlencode({"transactionid": order["order_id"], "timestamp": stamp})
                target = f"{url}{'&' if '?' in url else '?'}{query}"
                status = None
                acknowledged = False
                try:
                    if method == "GET":
                        answer = await http.get(target)
                    else:
                        auth = sign_notification(body, self.api_key, timestamp=stamp)
                        headers = {"auth": auth, "content-type": "application/json"}
                        answer = await http.post(target, content=body, headers=headers)
                    status = answer.status_code
                    acknowledged = status == 200 and "OK" in answer.text[:100].upper()
                except httpx.HTTPError:
                    pass
                self.deliveries.append(
                    Delivery(order["order_id"], url, method, attempt, status, acknowledged)
                )
                if acknowledged:
                    return
                if attempt < self.attempts:
                    await asyncio.sleep(self.retry_delay)
