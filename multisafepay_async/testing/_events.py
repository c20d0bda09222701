"""The fake's order event stream: `GET /events/stream/` as Server-Sent Events.

Every status change of an order becomes an event (`id`, `event: order.status`, `data` with
`order_id`, `status`, `financial_status`); a connection gets the order's events after its
`Last-Event-ID` (all of them without one), then new ones as they happen, with keep-alive
comments in between. The bearer token is the order's `events_token` from its create answer.

Fault switches, for tests: `drop_after` ends every connection after that many events;
`fail_next` answers the next connections with 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["EventHub"]

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]
Receive = Callable[[], Awaitable[Message]]


class EventHub:
    """Each order's events so far, and the connections waiting for more."""

    def __init__(self) -> None:
        self.events: dict[str, list[tuple[str, str]]] = {}  # order_id -> [(id, data)]
        self._last: dict[str, tuple[str, str]] = {}
        self._ids = itertools.count(1)
        self._waiters: set[asyncio.Future[None]] = set()
        #: Seconds between keep-alive comments on an idle stream.
        self.keepalive = 15.0
        #: The `retry:` (milliseconds) each stream starts with.
        self.retry_ms = 1000
        #: End every connection after this many events (None: never).
        self.drop_after: int | None = None
        #: Answer this many of the next connections with 503.
        self.fail_next = 0
        #: Connections opened, and those currently open.
        self.connections = 0
        self.open = 0

    def record(self, order: dict[str, Any]) -> None:
        """An event for the order if its status changed since its last one."""
        order_id = order["order_id"]
        status = (order["status"], order["financial_status"])
        if self._last.get(order_id) == status:
            return
        self._last[order_id] = status
        data = {
            "type": "order.status",
            "order_id": order_id,
            "status": status[0],
            "financial_status": status[1],
        }
        self.events.setdefault(order_id, []).append((str(next(self._ids)), json.dumps(data)))
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def serve(
        self, order_id: str, last_event_id: str | None, receive: Receive, send: Send
    ) -> None:
        """Stream the order's events until the client leaves (or `drop_after`)."""
        self.connections += 1
        if self.fail_next > 0:
            self.fail_next -= 1
            await _plain(send, 503, b"busy")
            return
        self.open += 1
        left = asyncio.ensure_future(_disconnected(receive))
        try:
            headers = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await _chunk(send, f"retry: {self.retry_ms}\n\n")
            events = self.events.get(order_id, [])
            position = _after(events, last_event_id)
            sent = 0
            while not left.done():
                while position < len(events):
                    if self.drop_after is not None and sent >= self.drop_after:
                        return  # the stream ends mid-way
                    event_id, data = events[position]
                    await _chunk(send, f"id: {event_id}\nevent: order.status\ndata: {data}\n\n")
                    position, sent = position + 1, sent + 1
                waiter = asyncio.get_running_loop().create_future()
                self._waiters.add(waiter)
                await asyncio.wait(
                    {waiter, left}, timeout=self.keepalive, return_when=asyncio.FIRST_COMPLETED
                )
                if not waiter.done():
                    waiter.cancel()
                    if not left.done():
                        await _chunk(send, ": keep-alive\n\n")
                events = self.events.get(order_id, [])
        finally:
            self.open -= 1
            left.cancel()
            with contextlib.suppress(Exception):
                await send({"type": "http.response.body", "body": b"", "more_body": False})


def _after(events: list[tuple[str, str]], last_event_id: str | None) -> int:
    if last_event_id is None:
        return 0
    for index, (event_id, _) in enumerate(events):
        if event_id == last_event_id:
            return index + 1
    return 0  # an id this order never had: replay everything


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _chunk(send: Send, text: str) -> None:
    await send({"type": "http.response.body", "body": text.encode(), "more_body": True})


async def _plain(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
