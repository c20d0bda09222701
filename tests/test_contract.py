"""Contract: every body the client sends fits the OpenAPI spec's request schema, and every
example answer in the spec decodes with the model the client uses for that path.

The spec is MultiSafepay's published bundle with the research folder's Prism patches
(oneOf -> anyOf where branches overlap, /transactions data as a list, ...).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

import pytest
import respx
import yaml
from openapi_schema_validator import OAS30Validator, validate

from multisafepay_async import AsyncClient, CreatedOrder, Order, Transaction
from multisafepay_async._convert import converter, structure_request, to_json_body
from multisafepay_async.models import (
    Category,
    Gateway,
    Issuer,
    OperationResult,
    OrderRequest,
    PaymentMethodInfo,
    Receipt,
    Token,
)

from .conftest import API_KEY, DATA, SEED_ORDER, load

BASE = "https://testapi.multisafepay.com/v1/json"


@cache
def spec() -> dict[str, Any]:
    text = (DATA / "openapi/multisafepay-docsopenapi.prism-patched.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def request_schema(path: str, method: str) -> dict[str, Any]:
    operation = spec()["paths"][path][method]
    schema: dict[str, Any] = operation["requestBody"]["content"]["application/json"]["schema"]
    return schema


Call = Callable[[AsyncClient], Awaitable[object]]
BNPL_ORDER = converter.structure(
    {
        "order_id": "o",
        "status": "completed",
        "shopping_cart": {
            "items": [
                {"name": "Test", "unit_price": 100, "quantity": 2, "merchant_item_id": "1111"}
            ]
        },
    },
    Order,
)
SENT: list[tuple[str, str, Call]] = [
    ("/orders", "post", lambda c: c.orders.create(SEED_ORDER)),
    (
        "/orders",
        "post",
        lambda c: c.orders.create(
            {
                **SEED_ORDER,
                "type": "direct",
                "gateway": "IDEAL",
                "gateway_info": {"issuer_id": "0031"},
            }
        ),
    ),
    (
        "/orders",
        "post",
        lambda c: c.orders.create({**SEED_ORDER, "type": "paymentlink", "days_active": 30}),
    ),
    (
        "/orders/{order_id}",
        "patch",
        lambda c: c.orders.update(
            "o",
            {
                "status": "shipped",
                "tracktrace_code": "3S",
                "carrier": "PostNL",
                "ship_date": "2026-11-22",
                "invoice_id": "INV-1",
            },
        ),
    ),
    (
        "/orders/{order_id}",
        "patch",
        lambda c: c.orders.update("o", {"status": "cancelled", "exclude_order": True}),
    ),
    (
        "/orders/{order_id}",
        "patch",
        lambda c: c.orders.update("o", {"extend_expiration": True, "reason": "customer asked"}),
    ),
    (
        "/orders/{order_id}/refunds",
        "post",
        lambda c: c.orders.refund("o", {"currency": "EUR", "amount": 250, "description": "late"}),
    ),
    (
        "/orders/{order_id}/refunds",
        "post",
        lambda c: c.orders.refund_items("o", {"1111": 1}, order=BNPL_ORDER),
    ),
    (
        "/orders/{order_id}/refunds/{refund_id}",
        "patch",
        lambda c: c.orders.cancel_refund("o", 1, description="oops"),
    ),
    (
        "/orders/{order_id}/capture",
        "post",
        lambda c: c.orders.capture("o", {"amount": 500, "description": "part"}),
    ),
    (
        "/capture/{order_id}",
        "patch",
        lambda c: c.orders.cancel_reservation("o", {"reason": "no stock"}),
    ),
]


@pytest.mark.parametrize(("path", "method", "call"), SENT, ids=[f"{m} {p}" for p, m, _ in SENT])
@respx.mock
async def test_request_bodies_fit_the_spec(
    path: str, method: str, call: Call, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.route(url__startswith=BASE).respond(
        200, json={"success": True, "data": {"order_id": "o"}}
    )
    async with AsyncClient(API_KEY) as client:
        await call(client)
    body = json.loads(route.calls.last.request.content)
    validate(body, request_schema(path, method), cls=OAS30Validator)


def _fits(body: Any, schema: dict[str, Any]) -> bool:
    try:
        validate(body, schema, cls=OAS30Validator)
    except Exception:
        return False
    return True


def test_docs_create_order_examples_go_out_unchanged_and_stay_valid() -> None:
    # Some docs examples are templates that break the spec themselves ("CREDITCARD/AMEX/...",
    # a blank type); those must at least go out exactly as written.
    schema = request_schema("/orders", "post")
    valid = 0
    for path in sorted((DATA / "api-examples/requests").glob("post-orders_*.json")):
        body = load(str(path.relative_to(DATA)))
        if body.get("type") == "":
            body["type"] = "direct"
        sent = to_json_body(structure_request(body, OrderRequest, "order"))
        assert sent == body, path.name
        if _fits(body, schema):
            valid += 1
            assert _fits(sent, schema), path.name
    assert valid >= 5


# The model the client decodes each path's answer into.
ANSWERS: dict[tuple[str, str], type[Any]] = {
    ("post", "/orders"): CreatedOrder,
    ("get", "/orders/{order_id}"): Order,
    ("patch", "/orders/{order_id}"): OperationResult,
    ("post", "/orders/{order_id}/refunds"): OperationResult,
    ("post", "/orders/{order_id}/cancel"): Order,
    ("get", "/gateways"): tuple[Gateway, ...],
    ("get", "/payment-methods"): tuple[PaymentMethodInfo, ...],
    ("get", "/categories"): tuple[Category, ...],
    ("get", "/transactions"): tuple[Transaction, ...],
    ("get", "/issuers/{gateway_code}"): tuple[Issuer, ...],
    ("get", "/recurring/{your_customer_reference}"): tuple[Token, ...],
    ("get", "/pos/receipt/{order_id}"): Receipt,
}


def _examples() -> list[tuple[str, str, str, Any]]:
    found = []
    for path, operations in spec()["paths"].items():
        for method, operation in operations.items():
            if (method, path) not in ANSWERS:
                continue
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            for media in content.values():
                examples = dict(media.get("examples") or {})
                if "example" in media:
                    examples["example"] = {"value": media["example"]}
                for name, example in examples.items():
                    found.append((method, path, name, example["value"]))
    return found


EXAMPLES = _examples()


def test_the_spec_has_the_examples_we_decode() -> None:
    assert len(EXAMPLES) >= 15
    assert {(m, p) for m, p, _, _ in EXAMPLES} == set(ANSWERS)


@pytest.mark.parametrize(
    ("method", "path", "name", "body"), EXAMPLES, ids=[f"{m} {p} {n}" for m, p, n, _ in EXAMPLES]
)
def test_every_spec_example_answer_decodes(method: str, path: str, name: str, body: Any) -> None:
    data = body["data"]
    if path == "/recurring/{your_customer_reference}":
        data = data["tokens"]
    if path == "/orders/{order_id}/cancel":
        data = {"order_id": "from-the-path", **data}  # this answer carries no order_id
    decoded = converter.structure(data, ANSWERS[(method, path)])
    assert decoded is not None
