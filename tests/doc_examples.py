"""Every Python block of README.md and docs/*.md, found by reading the files, and the scene
each runs in: a fake MultiSafepay on loopback and the names the docs' snippets assume.

A snippet may use the names in `PRELUDE` without defining them (`client`, `order`,
`created`, ...); everything else it imports or defines itself. A line `<!-- example:
no-run: why -->` just above a block keeps it from running (it is still type-checked), and
`<!-- example: leaks: why -->` lets a what-not-to-do example leave sockets behind; the reason
is required, so each exception says what it is for.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import httpx
from starlette.requests import Request

from multisafepay_async import AsyncClient, OrderRequest
from multisafepay_async.models import PaymentOptions
from multisafepay_async.testing import FakeMultiSafepay, serve
from multisafepay_async.testing._state import SITE_ID
from multisafepay_async.webhooks import sign_notification

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
MARKER = re.compile(r"<!-- example: (no-run|leaks): (.+?) -->\s*$")

#: The names a snippet may use without defining them, and their types for mypy.
PRELUDE = {
    "client": "AsyncClient",
    "api_key": "str",
    "API_KEY": "str",
    "key": "str",
    "partner_key": "str",
    "terminal_group_key": "str",
    "order": "OrderRequest",
    "pos_order": "OrderRequest",
    "created": "CreatedOrder",
    "order_id": "str",
    "order_ids": "list[str]",
    "site_id": "int",
    "pdf_bytes": "bytes",
    "raw_body": "bytes",
    "request": "Request",
}
PRELUDE_IMPORTS = (
    "from starlette.requests import Request\n"
    "from multisafepay_async import AsyncClient, CreatedOrder, OrderRequest\n"
)
PARTNER_KEY = "doc-partner-key"
TERMINAL_KEY = "doc-terminal-group-key"
QUICKSTART_KEY = "YOUR-TEST-API-KEY"  # the key the quickstart shows


@attrs.frozen
class Example:
    page: str  # README.md, docs/events.md
    line: int  # of the opening fence
    code: str
    no_run: str | None  # why it does not run, if it does not
    leaks: str | None  # why it leaves sockets open, if it shows what not to do

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    def as_module(self) -> str:
        """The snippet as a module mypy can check: the prelude's names declared, the snippet
        the body of an async function (snippets await at top level, as in a notebook)."""
        declared = "".join(f"{name}: {kind}\n" for name, kind in PRELUDE.items())
        body = "".join(f"    {line}\n" if line else "\n" for line in self.code.splitlines())
        return f"{PRELUDE_IMPORTS}\n{declared}\n\nasync def example() -> None:\n{body}"


def examples() -> list[Example]:
    found = []
    for page in PAGES:
        text = page.read_text()
        for match in FENCE.finditer(text):
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            marker = MARKER.search(before)
            found.append(
                Example(
                    page=str(page.relative_to(ROOT)),
                    line=text.count("\n", 0, match.start()) + 1,
                    code=match.group(1),
                    no_run=marker.group(2) if marker and marker.group(1) == "no-run" else None,
                    leaks=marker.group(2) if marker and marker.group(1) == "leaks" else None,
                )
            )
    return found


def fences() -> int:
    """How many ```python fences the pages have: `examples()` must find them all."""
    return sum(page.read_text().count("```python\n") for page in PAGES)


def _order(order_id: str) -> OrderRequest:
    return OrderRequest(
        order_id=order_id,
        currency="EUR",
        amount=1000,
        description="Doc example order",
        payment_options=PaymentOptions(notification_url="https://shop.example/notify"),
    )


async def _customers_pay(fake: FakeMultiSafepay) -> None:
    """What the snippets' customers do: pay every order soon after it is created."""
    while True:
        for order_id, order in list(fake.store.orders.items()):
            if order["status"] == "initialized":
                fake.apply(order_id, "complete")
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def scene() -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """A fake MultiSafepay on loopback, its API URL and the prelude's values on it."""
    fake = FakeMultiSafepay()
    fake.api_keys |= {PARTNER_KEY, TERMINAL_KEY, QUICKSTART_KEY}
    # Notifications go to the orders' notification_url: answered here, not on the internet.
    fake.notifier.transport = httpx.MockTransport(lambda _: httpx.Response(200, text="OK"))
    async with serve(fake) as url:
        api = url + "/v1/json"
        async with AsyncClient(fake.api_key, base_url=api) as client:
            created = await client.orders.create(_order("doc-order-created"))
            paid = await client.orders.create(_order("doc-order-paid"))
            fake.apply(paid.order_id, "complete")
            fake.apply(paid.order_id, "refund", 300)  # paid, part of it refunded
            body = json.dumps(fake.order(paid.order_id)).encode()
            headers = [(b"auth", sign_notification(body, fake.api_key).encode())]
            values: dict[str, Any] = {
                "client": client,
                "api_key": fake.api_key,
                "API_KEY": fake.api_key,
                "key": fake.api_key,
                "partner_key": PARTNER_KEY,
                "terminal_group_key": TERMINAL_KEY,
                "order": _order("doc-order-new"),
                "pos_order": _order("doc-order-pos"),
                "created": created,
                "order_id": paid.order_id,
                "order_ids": [created.order_id, paid.order_id, "doc-no-such-order"],
                "site_id": SITE_ID,
                "pdf_bytes": b"%PDF-1.4\n% proof of delivery\n",
                "raw_body": body,
                "request": Request({"type": "http", "headers": headers}),
            }
            assert values.keys() == PRELUDE.keys()
            customers = asyncio.create_task(_customers_pay(fake))
            try:
                yield api, values
            finally:
                customers.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await customers
