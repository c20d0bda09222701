"""A loopback MultiSafepay that answers every request with the spec's own example answer for
the operation it is, and records what it received: the contract test's other side.

One server runs for the whole session (in a thread of its own); each test talks to it under
a prefix of its own (`{origin}/{token}/v1/json`), so the requests a test sent are
`server.received[token]`, as `httpx.Request`s for `spec.check_request`.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from multisafepay_async.testing import serve

from . import spec
from .conftest import load

ORIGIN = "http://testapi.multisafepay.com"
COMPLETED = {"order_id": "o", "status": "completed", "financial_status": "completed"}

# The endpoints MultiSafepay's spec does not describe, with what the official SDKs answer.
NOT_IN_SPEC_ANSWERS: dict[tuple[str, str], Any] = {
    ("GET", "/me"): {"account_id": 10, "role": "merchant", "site_id": 20},
    ("GET", "/terminals"): load("fixtures/php-sdk/terminals.json")["data"],
    ("GET", "/terminal-groups/7/terminals"): load("fixtures/php-sdk/terminals.json")["data"],
    ("POST", "/terminals"): load("fixtures/php-sdk/terminals.json")["data"][0],
    ("POST", "/wallets/sessions/applepay"): {"session": "{}"},
}


def cart_order() -> dict[str, Any]:
    """The spec's getOrder example, plus the cart `refund_items` needs."""
    (_, body), *_ = spec.answers(spec.operation("getOrder"))
    line = {"name": "Test", "unit_price": 100, "quantity": 2, "merchant_item_id": "1111"}
    return {**body["data"], "shopping_cart": {"items": [line]}}


def answer(request: httpx.Request) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of the spec's first example answer for `request`."""
    raw_path = request.url.raw_path.decode().split("?", 1)[0].removeprefix(spec.PREFIX)
    if raw_path == "/events/stream/":
        event = f"id: 1\nevent: order.status\ndata: {json.dumps(COMPLETED)}\n\n"
        return 200, {"content-type": "text/event-stream"}, event.encode()
    found = spec.find(request.method, raw_path)
    if found is None:
        data = NOT_IN_SPEC_ANSWERS.get((request.method, raw_path))
        body: Any = {"success": data is not None, "data": data or {}}
    elif found[0].id == "getOrder":
        body = {"success": True, "data": cart_order()}
    else:
        _, body = spec.answers(found[0])[0]
        if found[0].id == "listTransactions" and "after=" in str(request.url):
            body = {**body, "data": []}  # the page after the last one is empty
    return 200, {"content-type": "application/json"}, json.dumps(body).encode()


class SpecServer:
    """The ASGI app: records each request under its test's token, answers from the spec."""

    def __init__(self) -> None:
        self.received: defaultdict[str, list[httpx.Request]] = defaultdict(list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        content = b""
        while True:
            message = await receive()
            content += message.get("body", b"")
            if not message.get("more_body"):
                break
        token, _, rest = scope["raw_path"].decode()[1:].partition("/")
        query = scope["query_string"].decode()
        request = httpx.Request(
            scope["method"],
            f"{ORIGIN}/{rest}" + (f"?{query}" if query else ""),
            headers=[(k.decode(), v.decode()) for k, v in scope["headers"]],
            content=content,
        )
        self.received[token].append(request)
        status, headers, body = answer(request)
        head = [(k.encode(), v.encode()) for k, v in headers.items()]
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": body})


@contextmanager
def running() -> Iterator[tuple[str, SpecServer]]:
    """The server on a loopback port, in a thread; yields its origin and the app."""
    app = SpecServer()
    started = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> None:
        stop = asyncio.Event()
        state["stop"], state["loop"] = stop, asyncio.get_running_loop()
        async with serve(app) as url:
            state["url"] = url
            started.set()
            await stop.wait()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield state["url"], app
    finally:
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(10)
