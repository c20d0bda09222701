"""The fake keeps MultiSafepay's contract: every public method (tests/calls.py) and every kind
of order the contract suite creates, on both backends, runs against the fake set up so that
MultiSafepay would say yes, and every answer the fake gives validates against the response
schema the spec documents for that operation.

The spec is stricter than MultiSafepay's own examples of it: they send `null` where the
schema says "string", a list of costs where it says "object", a string transaction id where
it says "integer". A fake that refused to do the same would teach users' tests the wrong
thing, so an answer may differ from a schema exactly where the spec's own example answers do
(`example_deviations`, computed from the spec, not listed by hand), plus the statuses
MultiSafepay documents that the spec's enums lack (`DOCUMENTED`, each with its source).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS30Validator

from multisafepay_async import AsyncClient
from multisafepay_async._config import BackendName
from multisafepay_async.testing import FakeMultiSafepay, serve

from . import spec
from .calls import CALLS, Call
from .conftest import SEED_ORDER

#: (field, value) pairs MultiSafepay documents and the spec's enums leave out.
DOCUMENTED = {
    ("status", "partial_refunded"): "api-facts §5; docs payment-statuses.md; PHP SDK",
    ("status", "chargedback"): "api-facts §5: the SDKs' and plugins' spelling",
}

Deviation = tuple[str, str, str]  # field name, JSON-schema keyword, the value's JSON type


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def deviations(body: Any, schema: dict[str, Any]) -> set[Deviation]:
    """Where `body` breaks `schema`: (field, keyword, type) of each error, documented
    statuses left out."""
    found = set()
    for error in OAS30Validator(schema).iter_errors(body):
        field = str(error.absolute_path[-1]) if error.absolute_path else "$"
        if isinstance(error.instance, str) and (field, error.instance) in DOCUMENTED:
            continue
        found.add((field, str(error.validator), _json_type(error.instance)))
    return found


@cache
def example_deviations() -> frozenset[Deviation]:
    """Every way the spec's own example answers (not those built from a schema) break the
    spec's response schemas: what MultiSafepay itself shows its answers do."""
    found: set[Deviation] = set()
    for op in spec.operations():
        schema = op.response_schema()
        for name, body in spec.answers(op) if schema else []:
            if name != "from the schema":
                found |= deviations(body, schema)  # type: ignore[arg-type]
    return frozenset(found)


def test_the_allowance_is_what_the_specs_own_examples_do() -> None:
    allowed = example_deviations()
    assert ("costs", "type", "array") in allowed  # a list of costs, the schema an object
    assert ("var1", "type", "null") in allowed and (
        "external_transaction_id",
        "type",
        "string",
    ) in allowed
    assert not [d for d in allowed if d[1] in ("required", "additionalProperties")]


# --- the state each call needs for MultiSafepay to say yes ---------------------------------

Setup = Callable[[FakeMultiSafepay, str], None]


def _order(fake: FakeMultiSafepay, url: str, paid: bool = True, **fields: Any) -> None:
    fake.create_order({**SEED_ORDER, "order_id": "o", **fields}, url)
    fake.store.orders["o"]["events"]["events_token"] = "t0ken"  # what tests/calls.py holds
    if paid:
        fake.store.apply("o", "complete")


def _with_refund(fake: FakeMultiSafepay, url: str) -> None:
    _order(fake, url)
    fake.store.refund_request("o", {"currency": "EUR", "amount": 100})
    fake.store.orders["o"]["related_transactions"][-1]["transaction_id"] = 1  # the call's id


def _with_token(fake: FakeMultiSafepay, url: str) -> None:
    _order(fake, url)
    fake.store.tokens["cust"] = [
        {
            "token": "tok",
            "code": "VISA",
            "display": "Card",
            "bin": 411111,
            "name_holder": "J",
            "expiry_date": 3012,
            "expired": 0,
            "last4": 1111,
        }
    ]


def _with_site(fake: FakeMultiSafepay, url: str) -> None:
    _order(fake, url)
    site = next(iter(fake.store.account.sites.values()))
    fake.store.account.sites[12345] = {**site, "id": 12345}


# The cart of the order `refund_items` is given (tests/calls.py's BNPL_ORDER).
CART = {"items": [{"name": "Test", "unit_price": 100, "quantity": 2, "merchant_item_id": "1111"}]}
SETUP: dict[str, Setup] = {
    "orders.refund_items": lambda fake, url: _order(fake, url, amount=20000, shopping_cart=CART),
    "orders.cancel_refund": _with_refund,
    "orders.capture": lambda fake, url: _order(fake, url, gateway="VISA", capture="manual"),
    "orders.cancel_reservation": lambda fake, url: _order(
        fake, url, gateway="VISA", capture="manual"
    ),
    "orders.cancel": lambda fake, url: _order(fake, url, paid=False),
    "orders.create": lambda fake, url: None,
    "tokens.get": _with_token,
    "tokens.update_expiry": _with_token,
    "tokens.delete": _with_token,
    "sites.get": _with_site,
    "sites.update": _with_site,
}


class Recorder:
    """The fake behind a recorder of every JSON answer it gives (event streams are not
    JSON), whichever backend the client uses."""

    def __init__(self, fake: FakeMultiSafepay) -> None:
        self.fake = fake
        self.answers: list[tuple[str, str, int, bytes]] = []  # method, raw path, status, body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.fake(scope, receive, send)
        status, body, stream = 0, [], False

        async def keep(message: Any) -> None:
            nonlocal status, stream
            if message["type"] == "http.response.start":
                status = message["status"]
                stream = b"text/event-stream" in dict(message["headers"]).get(b"content-type", b"")
            elif not stream:
                body.append(message.get("body", b""))
            await send(message)

        await self.fake(scope, receive, keep)
        if not stream:
            path = (scope.get("raw_path") or scope["path"].encode()).decode()
            self.answers.append((scope["method"], path, status, b"".join(body)))


def _create_variants() -> list[Call]:
    """Every kind of order the contract suite creates (direct, payment link, FastCheckout,
    recurring, manual capture, ...), as calls of this module."""
    from .test_contract import CALLS as CONTRACT_CALLS

    return [
        Call(f"orders.create {c.variant}", "write", lambda client, _, run=c.run: run(client))
        for c in CONTRACT_CALLS
        if c.method == "orders.create"
    ]


# The fake's answers do not depend on the client's backend: both on one Python suffice.
@pytest.mark.parametrize("backend", ["httpx", pytest.param("aiohttp", marks=pytest.mark.once)])
@pytest.mark.parametrize("call", CALLS + _create_variants(), ids=lambda c: f"{c.method} {c.kind}")
async def test_every_answer_of_the_fake_fits_the_spec(call: Call, backend: BackendName) -> None:
    fake = FakeMultiSafepay()
    fake.notifier.transport = httpx.MockTransport(lambda _: httpx.Response(200, text="OK"))
    recording = Recorder(fake)
    async with serve(recording) as url:
        SETUP.get(call.method.split(" ")[0], _order)(fake, url)  # "orders.create <variant>"
        async with AsyncClient(fake.api_key, base_url=url + "/v1/json", backend=backend) as client:
            await asyncio.wait_for(call.run(client, url), 10)  # MultiSafepay said yes
        await fake.notifier.aclose()
    assert recording.answers or call.kind == "stream"
    for method, path, status, content in recording.answers:
        raw_path = path.split("?", 1)[0].removeprefix(spec.PREFIX)
        found = spec.find(method, raw_path)
        body = json.loads(content)
        if found is None:  # /me, terminals, Apple Pay: the official SDKs' shapes, elsewhere
            assert body["success"] is True, raw_path
            continue
        schema = found[0].response_schema(status)
        assert schema is not None, f"{found[0].id} documents no answer {status}"
        unexplained = deviations(body, schema) - example_deviations()
        assert not unexplained, f"{found[0].id}: {sorted(unexplained)}"
