"""Answers fuzzed from the spec and mutated from real bodies: a model or a decode error.

For every public method that decodes an answer (tests/calls.py, so the list is the
client's), the operation its request is in MultiSafepay's spec gives the answer schema;
hypothesis generates answers from it (`from_schema` below: hypothesis-jsonschema 0.23, the
newest, no longer runs on current hypothesis). Real bodies (the spec's examples, the
research bodies) are mutated too: values swapped for other types, huge numbers, deep
nesting, long strings. At Python's default recursion limit every call returns a model or
raises `InvalidResponseError` (`ResponseDecodeError` for JSON that does not fit; for a
write, inside `OutcomeUnknownError`), and `to_dict` / `to_json` of whatever it returned
never raise.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import sys
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multisafepay_async import (
    AsyncClient,
    InvalidResponseError,
    MultiSafepayError,
    OutcomeUnknownError,
    to_dict,
    to_json,
)

from . import spec
from .calls import CALLS, Call
from .conftest import API_KEY, load

DECODING = [call for call in CALLS if call.kind in ("read", "write")]
ORIGIN = "https://testapi.multisafepay.com"

_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text(max_size=12) | st.sampled_from(["2025-05-14T08:48:10", "14-05-2025 08:48"]),
    "integer": st.integers(-(2**70), 2**70) | st.integers(0, 10_000),
    "number": st.floats(allow_nan=False, allow_infinity=False) | st.integers(0, 10_000),
    "boolean": st.booleans(),
}


def from_schema(schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values a schema of the spec (OpenAPI 3.0: `nullable`, no `$ref`s left) allows; a
    property is left out now and then (the spec marks few required, and answers omit
    many)."""
    if not isinstance(schema, dict) or depth > 8:
        return st.none()
    if "enum" in schema:
        options = st.sampled_from(schema["enum"])
    elif any(k in schema for k in ("oneOf", "anyOf")):
        options = st.one_of(
            [from_schema(s, depth) for s in schema.get("oneOf", schema.get("anyOf"))]
        )
    elif "allOf" in schema:
        merged: dict[str, Any] = {"type": "object", "properties": {}}
        for part in schema["allOf"]:
            merged["properties"].update(part.get("properties") or {})
        options = from_schema(merged, depth)
    elif schema.get("type") == "array":
        options = st.lists(from_schema(schema.get("items") or {}, depth + 1), max_size=3)
    elif schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        options = st.fixed_dictionaries(
            {}, optional={name: from_schema(sub, depth + 1) for name, sub in properties.items()}
        )
    else:
        options = _SCALARS.get(schema.get("type", ""), st.none() | st.text(max_size=4))
    return options | st.none() if schema.get("nullable") else options


def operation_of(call: Call) -> spec.Operation | None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"success": True, "data": {}})

    async def run() -> None:
        async with AsyncClient(API_KEY, transport=httpx.MockTransport(record)) as client:
            with contextlib.suppress(MultiSafepayError):
                await call.run(client, ORIGIN)

    asyncio.run(run())
    raw = seen[0].url.raw_path.decode().split("?", 1)[0].removeprefix(spec.PREFIX)
    found = spec.find(seen[0].method, raw)
    return None if found is None else found[0]


def decode(call: Call, body: bytes) -> object:
    """What `call` ends in when every request is answered with `body`."""

    async def run() -> object:
        handler = lambda request: httpx.Response(200, content=body)  # noqa: E731
        async with AsyncClient(
            API_KEY, transport=httpx.MockTransport(handler), max_connections=4
        ) as client:
            try:
                return await call.run(client, ORIGIN)
            except MultiSafepayError as exc:
                return exc

    return asyncio.run(run())


def check(call: Call, body: bytes) -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # Python's default, what users run with (hypothesis raises it)
    try:
        result = decode(call, body)
        if not isinstance(result, MultiSafepayError):
            to_dict(result)
            json.loads(to_json(result))
    finally:
        sys.setrecursionlimit(limit)
    if isinstance(result, OutcomeUnknownError):  # a write whose answer nobody can read
        result = result.cause
    if isinstance(result, MultiSafepayError):
        assert isinstance(result, InvalidResponseError), f"{call.method}: {result!r}"


# (call, the spec's schema of its answer), found once: every example reuses it.
FUZZED = [
    pytest.param(call, schema, id=call.method)
    for call in DECODING
    if (op := operation_of(call)) is not None and (schema := op.response_schema()) is not None
]


def test_most_methods_have_an_answer_schema_to_fuzz() -> None:
    # Those without are not in the spec (me, terminals, Apple Pay): mutated bodies cover them.
    assert len(FUZZED) >= 20


@pytest.mark.parametrize(("call", "schema"), FUZZED)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_answers_generated_from_the_spec_decode_or_fail_typed(
    call: Call, schema: Any, data: st.DataObject
) -> None:
    body = data.draw(from_schema(schema))
    if isinstance(body, dict):
        body["success"] = True  # success: false is the fault matrix's
    check(call, json.dumps(body).encode())


# --- real bodies, mutated ---------------------------------------------------------------

REAL: list[tuple[str, str]] = [
    ("orders.get", "api-examples/responses/getOrder.json"),
    ("orders.get", "api-examples/responses/getOrder3DS.json"),
    ("orders.create", "api-examples/responses/postOrdersRedirect.json"),
    ("orders.create", "api-examples/responses/postOrdersDirectIdeal.json"),
    ("orders.cancel", "api-examples/responses/cancelBancontactQR.json"),
    ("transactions.list", "api-examples/responses/listTransactions.json"),
    ("gateways.list", "api-examples/responses/listGateways.json"),
    ("payment_methods.list", "api-examples/responses/listPaymentMethods.json"),
    ("tokens.list", "api-examples/responses/listTokens.json"),
    ("orders.refund", "api-examples/responses/refundOrder.json"),
]
BY_NAME = {call.method: call for call in CALLS}


def _deep(levels: int) -> Any:
    value: Any = 1
    for i in range(levels):
        value = [value] if i % 2 else {"x": value}
    return value


REPLACEMENTS = st.sampled_from(
    [
        None,
        "",
        [],
        {},
        True,
        "text",
        -1,
        2**64,
        10**30,
        1e308,
        "1e5000",
        "Infinity",
        "NaN",
        "9" * 5000,
        "x" * 100_000,
        [1, "a", None],
        {"nested": {"deeper": [1]}},
    ]
) | st.builds(_deep, st.integers(30, 900))


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value[:3]):
            found += paths(child, (*prefix, index))
    return found


def replaced(body: Any, where: tuple[Any, ...], value: Any) -> Any:
    if not where:
        return value
    body = copy.deepcopy(body)
    parent = body
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    return body


@pytest.mark.parametrize(
    ("method", "relative"), REAL, ids=[f"{m}-{r.split('/')[-1]}" for m, r in REAL]
)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_real_answers_with_a_value_mutated_decode_or_fail_typed(
    method: str, relative: str, data: st.DataObject
) -> None:
    body = load(relative)
    where = data.draw(st.sampled_from(paths(body)[1:]))  # not the envelope itself
    mutated = replaced(body, where, data.draw(REPLACEMENTS))
    check(BY_NAME[method], json.dumps(mutated).encode())


@pytest.mark.parametrize("call", DECODING, ids=lambda call: call.method)
def test_an_answer_nested_past_the_recursion_limit_fails_typed(call: Call) -> None:
    check(call, b'{"success": true, "data": ' + b"[" * 5000 + b"]" * 5000 + b"}")
