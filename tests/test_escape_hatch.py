"""`client.request`: any call the methods do not offer yet, on the methods' request path.

Its retries and write-safety under every fault, on every backend, are the fault matrix's
(`tests/calls.py` has a read and a write of it); these are the rest of its promises.
"""

from __future__ import annotations

import json

import httpx
import pytest

from multisafepay_async import (
    AsyncClient,
    InvalidRequestError,
    OutcomeUnknownError,
    RequestEvent,
    ResponseDecodeError,
    ValidationError,
)
from multisafepay_async.models import Site

from .conftest import API_KEY

SITE = {"id": 12345, "name": "My website", "api_key": "s3cret-site-key", "brand_new": 1}


def client_answering(sent: list[httpx.Request], body: object, **kwargs: object) -> AsyncClient:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=body)

    return AsyncClient(API_KEY, transport=httpx.MockTransport(answer), **kwargs)  # type: ignore[arg-type]


async def test_it_returns_the_data_decoded_into_cast_to_or_as_json() -> None:
    sent: list[httpx.Request] = []
    async with client_answering(sent, {"success": True, "data": SITE}) as client:
        site = await client.request("GET", "sites/12345", cast_to=Site)
        raw = await client.request("get", "/sites/12345/")
    assert isinstance(site, Site) and site.name == "My website"
    assert site.model_extra == {"brand_new": 1} and "s3cret" not in repr(site)
    assert raw == SITE
    assert [r.url.path for r in sent] == ["/v1/json/sites/12345"] * 2


async def test_it_encodes_each_segment_and_sends_params_and_a_json_body() -> None:
    sent: list[httpx.Request] = []
    async with client_answering(sent, {"success": True, "data": {}}) as client:
        await client.request(
            "PATCH",
            "orders/my order/x",
            params={"a": "1", "b": ["2", "3"]},
            body={"status": "shipped"},
            extra_headers={"x-trace": "t"},
        )
    (request,) = sent
    assert request.url.raw_path == b"/v1/json/orders/my%20order/x?a=1&b=2&b=3"
    assert json.loads(request.content) == {"status": "shipped"}
    assert request.headers["x-trace"] == "t" and request.headers["api_key"] == API_KEY


async def test_a_failure_is_the_typed_error_of_any_method() -> None:
    failure = {"success": False, "error_code": 1001, "error_info": "Invalid amount"}
    async with client_answering([], failure) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.request("POST", "orders", body={"amount": 1})
    assert caught.value.error_code == 1001 and API_KEY not in str(caught.value)


async def test_hooks_see_it_like_any_call() -> None:
    events: list[RequestEvent] = []
    async with client_answering([], {"success": True, "data": {}}, hooks=[events.append]) as c:
        await c.request("GET", "closing-balances", params={"from": "2026-01-01"})
    assert [e.kind for e in events] == ["request", "response"]
    assert events[0].path == "/closing-balances?from=2026-01-01"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("TRACE", "orders", {}),
        ("GET", "orders?x=1", {}),
        ("GET", "orders/../me", {}),
        ("GET", "orders/%2F", {}),
        ("GET", "orders", {"body": {"x": 1}}),
        ("POST", "orders", {"body": ["not", "an", "object"]}),
        ("GET", "orders", {"params": {"x": 1}}),
        ("GET", "orders", {"cast_to": "Order"}),
        ("POST", "orders", {"order_id": "../x"}),
    ],
)
async def test_bad_input_is_refused_before_anything_is_sent(
    method: str, path: str, kwargs: dict[str, object]
) -> None:
    sent: list[httpx.Request] = []
    async with client_answering(sent, {"success": True, "data": {}}) as client:
        with pytest.raises(ValidationError):
            await client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert sent == []


async def test_raw_data_nested_too_deep_fails_typed_and_a_write_is_outcome_unknown() -> None:
    # However deep the parser goes (it differs between Pythons), no caller can use it.
    deep: object = []
    for _ in range(40):
        deep = [deep]
    async with client_answering([], {"success": True, "data": deep}) as client:
        with pytest.raises(ResponseDecodeError):
            await client.request("GET", "orders/o")
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.request("POST", "orders/o/refunds", body={"amount": 1})
    assert isinstance(caught.value.cause, ResponseDecodeError)
