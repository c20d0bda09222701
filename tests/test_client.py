"""Client configuration and lifecycle: one pool per client, opened in its loop, closed once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import respx

from multisafepay_async import AsyncClient, ClientStateError, ValidationError

from .conftest import API_KEY, load

BASE = "https://testapi.multisafepay.com/v1/json"
ORDER_BODY = load("api-examples/responses/getOrder.json")


def ok_transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json=ORDER_BODY))


async def test_a_closed_client_refuses_to_send() -> None:
    client = AsyncClient(API_KEY, transport=ok_transport())
    async with client:
        await client.orders.get("o")
    assert client.is_closed
    with pytest.raises(ClientStateError, match="closed"):
        await client.orders.get("o")
    await client.aclose()  # closing twice is fine


async def test_the_pool_is_created_inside_the_loop_on_first_use_and_reused() -> None:
    client = AsyncClient(API_KEY, transport=ok_transport())
    assert client._backend is None  # nothing created at construction time
    await client.orders.get("o")
    backend = client._backend
    await client.orders.get("o")
    assert client._backend is backend
    await client.aclose()


def test_a_client_refuses_to_be_used_from_another_event_loop() -> None:
    client = AsyncClient(API_KEY, transport=ok_transport())

    async def use() -> None:
        await client.orders.get("o")

    asyncio.run(use())
    with pytest.raises(ClientStateError, match="another event loop"):
        asyncio.run(use())


async def test_a_user_supplied_http_client_is_used_and_left_open() -> None:
    async with httpx.AsyncClient(transport=ok_transport()) as http_client:
        async with AsyncClient(API_KEY, http_client=http_client) as client:
            order = await client.orders.get("o")
        assert order.order_id == "example_order_123456"
        assert not http_client.is_closed


async def test_any_httpx_transport_can_carry_the_requests() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ORDER_BODY)

    async with AsyncClient(API_KEY, transport=httpx.MockTransport(handler)) as client:
        await client.orders.get("o")
    assert [str(r.url) for r in seen] == [f"{BASE}/orders/o"]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"api_key": ""}, "api_key must be a non-empty string"),
        ({"api_key": "  "}, "api_key must be a non-empty string"),
        ({"environment": "prod"}, "environment must be 'test' or 'live'"),
        ({"api_key_in": "cookie"}, "api_key_in must be 'header' or 'query'"),
        ({"max_connections": 0}, "max_connections must be a positive integer"),
        ({"timeout": -1}, "timeout must be positive"),
    ],
)
def test_bad_configuration_is_a_validation_error(kwargs: dict[str, Any], problem: str) -> None:
    kwargs = {"api_key": API_KEY, **kwargs}
    with pytest.raises(ValidationError, match=problem):
        AsyncClient(**kwargs)


async def test_http_client_and_transport_are_mutually_exclusive() -> None:
    async with httpx.AsyncClient() as http_client:
        with pytest.raises(ValidationError, match="either http_client or transport"):
            AsyncClient(API_KEY, http_client=http_client, transport=ok_transport())


def test_repr_shows_configuration_but_never_the_key() -> None:
    client = AsyncClient(API_KEY, environment="live")
    text = repr(client)
    assert "live" in text and "https://api.multisafepay.com/v1/json" in text
    assert API_KEY not in text and API_KEY not in str(client)


@respx.mock
async def test_negative_max_retries_is_refused(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/orders/o").respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY) as client:
        with pytest.raises(ValidationError, match="max_retries"):
            await client.orders.get("o", max_retries=-1)
