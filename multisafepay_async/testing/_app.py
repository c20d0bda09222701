"""`FakeMultiSafepay`: a stateful stand-in for the MultiSafepay JSON API, as an ASGI app.

Serve it in-process (`httpx.ASGITransport(app=fake)`) or on a loopback port (`serve(fake)`).
It speaks the real envelope, checks the API key (header or query) like the real API, answers
validation failures with MultiSafepay's error codes, and lets tests and demos move orders
through their statuses as a customer and MultiSafepay would:

    fake.apply("order-1", "complete")          # from Python, or over HTTP:
    POST /_fake/orders/order-1/complete        # complete, decline, expire, cancel, refund, ...
    GET  /pay/{session_id}                     # the payment page, in a browser (HTML)
    GET  /pay/{session_id}?action=complete     # "the customer paid", for scripts (JSON)
    GET  /events/stream/                       # the order's events (Bearer events_token)

Create-order validation failures come back with HTTP 200 and `success: false`, the trap real
clients must handle.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote

from . import _account  # noqa: F401  (its routes register themselves)
from ._checkout import (
    checkout_page,
    chosen,
    outcome_page,
    redirect_after,
    unknown_session_page,
)
from ._events import EventHub
from ._notify import Delivery, Notifier
from ._operations import FakeStore
from ._routes import Paged, json_object, route
from ._state import ACTIONS, FakeError

__all__ = ["FakeMultiSafepay", "read_body"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DEFAULT_API_KEY = "fake-multisafepay-test-key"
_ORDER = re.compile(r"^/orders/(?P<order_id>[^/]+)$")
_ORDER_OPERATION = re.compile(r"^/(?:orders|capture)/(?P<order_id>[^/]+)(?:/.*)?$")
_CONTROL = re.compile(r"^/_fake/orders/(?P<order_id>[^/]+)/(?P<action>[a-z_]+)$")
_PAY = re.compile(r"^/pay/(?P<session_id>[^/]+)$")
_EVENTS = "/events/stream"


class FakeMultiSafepay:
    """The fake API. `api_key` is the only key it accepts; `prefix` is where the API lives."""

    def __init__(self, api_key: str = DEFAULT_API_KEY, *, prefix: str = "/v1/json") -> None:
        self.api_key = api_key
        #: Every key the fake accepts (add a terminal-group or partner key here).
        self.api_keys = {api_key}
        #: Requests per API key that came with them (how a test sees which key was used).
        self.keys_used: Counter[str] = Counter()
        self.prefix = prefix.rstrip("/")
        self.store = FakeStore()
        #: Requests received, counted by (method, path) with the path as the client sent it.
        self.requests: Counter[tuple[str, str]] = Counter()
        #: Sends the notifications; set `.transport` (e.g. an ASGI app's) and `.retry_delay`.
        self.notifier = Notifier(api_key)
        #: Serves each order's event stream; `.drop_after`, `.fail_next`, `.keepalive`.
        self.events = EventHub()
        #: Where it is served (`http://127.0.0.1:port`), once `serve()` runs it on a socket.
        self.url: str | None = None

    @property
    def base_url(self) -> str:
        """The API's URL on the socket it is served on (`url` + `/v1/json`): the client's
        `base_url`."""
        if self.url is None:
            raise RuntimeError("the fake is not served on a socket: use serve(fake)")
        return self.url + self.prefix

    def pay(self, order_id: str) -> dict[str, Any]:
        """The customer pays (`apply(order_id, "complete")`); returns the order."""
        return self.apply(order_id, "complete")

    def decline(self, order_id: str) -> dict[str, Any]:
        """The bank declines the payment; returns the order."""
        return self.apply(order_id, "decline")

    def cancel(self, order_id: str) -> dict[str, Any]:
        """The customer cancels on the payment page; returns the order."""
        return self.apply(order_id, "cancel")

    @property
    def deliveries(self) -> list[Delivery]:
        """Every notification attempt so far, in order."""
        return self.notifier.deliveries

    async def notifications_settled(self) -> None:
        """Wait until every notification sent so far was acknowledged or given up."""
        await self.notifier.settled()

    def apply(self, order_id: str, action: str, amount: int | None = None) -> dict[str, Any]:
        """Move an order through its lifecycle (see `OrderStore.apply`) and notify its
        `notification_url`, when the change happens inside a running event loop."""
        order = self.store.apply(order_id, action, amount)
        self._changed(order_id)
        return order

    def _changed(self, order_id: str) -> None:
        """The order may have changed: notify its notification_url, record an event."""
        order = self.store.public(order_id)
        self.notifier.notify(order, self.store.orders[order_id]["payment_options"])
        self.events.record(order)

    def create_order(self, request: dict[str, Any], server_url: str) -> dict[str, Any]:
        """Create an order as `POST /orders` does (its first event included); returns the
        create answer. `server_url` is where the fake is served (for payment and event URLs)."""
        created = self.store.create(request, server_url)
        self.events.record(self.store.public(created["order_id"]))
        return created

    def order(self, order_id: str) -> dict[str, Any]:
        """The order's JSON as `GET /orders/{order_id}` would return it."""
        return self.store.public(order_id)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await read_body(receive)
        if scope["path"].rstrip("/") == _EVENTS and scope["method"] == "GET":
            await self._event_stream(scope, receive, send)
            return
        if (page := _PAY.match(scope["path"])) and not _wants_json(scope):
            await self._checkout(scope, unquote(page["session_id"]), body, send)
            return
        status, payload = self._handle(scope, body)
        await _respond(send, status, payload)

    async def _checkout(self, scope: Scope, session_id: str, body: bytes, send: Send) -> None:
        """The payment page (GET) and what a click on it does (POST): see `_checkout`."""
        self.requests[(scope["method"], "/pay/{session_id}")] += 1
        order_id = self.store.by_session(session_id)
        if order_id is None:
            await _respond_html(send, 404, unknown_session_page())
            return
        order = self.store.orders[order_id]
        if scope["method"] != "POST":
            await _respond_html(send, 200, checkout_page(order, session_id))
            return
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        try:
            action, gateway = chosen(order, form)
            if gateway is not None:
                order["payment_details"]["type"] = gateway
            self.apply(order_id, action)
        except FakeError as exc:
            page = checkout_page(order, session_id, error=exc.error_info)
            await _respond_html(send, exc.http_status, page)
            return
        target = redirect_after(order, order["payment_options"])
        if target is None:
            await _respond_html(send, 200, outcome_page(order))
            return
        headers = [(b"location", target.encode()), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async def _event_stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.requests[("GET", _EVENTS)] += 1
        headers = dict(scope["headers"])
        token = headers.get(b"authorization", b"").decode("latin-1").removeprefix("Bearer ")
        order_id = self.store.by_events_token(token.strip()) if token else None
        if order_id is None:
            error = {"success": False, "error_code": 1032, "error_info": "Invalid events token"}
            await _respond(send, 401, error)
            return
        last_event_id = headers.get(b"last-event-id", b"").decode("latin-1") or None
        await self.events.serve(order_id, last_event_id, receive, send)

    def _handle(self, scope: Scope, body: bytes) -> tuple[int, Any]:
        method: str = scope["method"]
        raw_path = scope.get("raw_path") or scope["path"].encode()
        path = raw_path.decode("latin-1").split("?", 1)[0]
        self.requests[(method, path)] += 1
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        try:
            if path.startswith(self.prefix + "/"):
                self._authenticate(scope, query)
                data = self._api(method, path[len(self.prefix) :], body, scope, query)
                if isinstance(data, Paged):
                    return 200, {"success": True, "data": data.data, "pager": data.pager}
                return 200, {"success": True, "data": data}
            if (match := _CONTROL.match(path)) and method == "POST":
                amount = json_object(body).get("amount")
                return 200, self.apply(unquote(match["order_id"]), match["action"], amount)
            if (match := _PAY.match(path)) and method == "GET":
                return 200, self._pay_page(match["session_id"], query)
        except FakeError as exc:
            return exc.http_status, {
                "success": False,
                "data": {},
                "error_code": exc.error_code,
                "error_info": exc.error_info,
            }
        return 404, {"success": False, "data": {}, "error_code": 404, "error_info": "Not found"}

    def _authenticate(self, scope: Scope, query: dict[str, list[str]]) -> None:
        headers = dict(scope["headers"])
        given = headers.get(b"api_key", b"").decode("latin-1") or (query.get("api_key") or [""])[0]
        if given.strip() not in self.api_keys:
            raise FakeError(401, 1032, "Invalid API key")
        self.keys_used[given.strip()] += 1

    def _api(
        self, method: str, path: str, body: bytes, scope: Scope, query: dict[str, list[str]]
    ) -> Any:
        if path == "/orders" and method == "POST":
            return self.create_order(json_object(body), _server_url(scope))
        if (match := _ORDER.match(path)) and method == "GET":
            return self.store.public(unquote(match["order_id"]))
        # A repeated parameter (payment_method=VISA&payment_method=IDEAL) is a list: joined.
        flat = {k: ",".join(v) for k, v in query.items()}
        data = route(self.store, method, unquote(path), body, flat)
        if method in ("PATCH", "POST") and (match := _ORDER_OPERATION.match(path)):
            self._changed(unquote(match["order_id"]))  # its status may have changed
        return data

    def _pay_page(self, session_id: str, query: dict[str, list[str]]) -> dict[str, Any]:
        order_id = self.store.by_session(session_id)
        if order_id is None:
            raise FakeError(404, 1000, "Unknown payment session")
        action = (query.get("action") or [""])[0]
        if action in ACTIONS:
            return self.apply(order_id, action)
        return self.order(order_id)


def _server_url(scope: Scope) -> str:
    headers = dict(scope["headers"])
    host = headers.get(b"host", b"localhost").decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}"


async def read_body(receive: Receive) -> bytes:
    """The whole body of an ASGI HTTP request."""
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _wants_json(scope: Scope) -> bool:
    """`GET /pay/...?action=...`, the scripts' way to be the customer, answers JSON."""
    return scope["method"] == "GET" and b"action=" in scope.get("query_string", b"")


async def _respond_html(send: Send, status: int, page: bytes) -> None:
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", b"%d" % len(page)),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": page})


async def _respond(send: Send, status: int, payload: Any) -> None:
    content = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(content))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
