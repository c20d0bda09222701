"""What goes over the wire: key placement, URL encoding, headers, bodies, timeouts."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from multisafepay_async import AsyncClient

from .conftest import API_KEY, SEED_ORDER, load

TEST_BASE = "https://testapi.multisafepay.com/v1/json"
LIVE_BASE = "https://api.multisafepay.com/v1/json"
ORDER_BODY = load("api-examples/responses/getOrder.json")


@respx.mock
async def test_api_key_travels_in_the_api_key_header_by_default(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(f"{TEST_BASE}/orders/o-1").respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("o-1")
    request = route.calls.last.request
    assert request.headers["api_key"] == API_KEY
    assert "api_key" not in request.url.params
    assert API_KEY not in str(request.url)
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("multisafepay-async/")


@respx.mock
async def test_api_key_in_query_sends_the_documented_query_parameter(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(f"{TEST_BASE}/orders/o-1").respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY, api_key_in="query") as client:
        await client.orders.get("o-1")
    request = route.calls.last.request
    assert request.url.params["api_key"] == API_KEY
    assert "api_key" not in request.headers


@respx.mock
async def test_surrounding_whitespace_of_the_key_is_not_sent(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{TEST_BASE}/orders/o-1").respond(200, json=ORDER_BODY)
    async with AsyncClient(f"  {API_KEY}\n") as client:
        await client.orders.get("o-1")
    assert route.calls.last.request.headers["api_key"] == API_KEY


@pytest.mark.parametrize(
    ("order_id", "raw_path"),
    [
        ("a/b c", b"/v1/json/orders/a%2Fb%20c"),
        ("x?api_key=stolen#frag", b"/v1/json/orders/x%3Fapi_key%3Dstolen%23frag"),
        ("caf\u00e9&co", b"/v1/json/orders/caf%C3%A9%26co"),
        ("100%", b"/v1/json/orders/100%25"),
    ],
)
@respx.mock
async def test_order_ids_are_percent_encoded_as_one_path_segment(
    order_id: str, raw_path: bytes, respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.get(url__startswith=TEST_BASE).respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY, api_key_in="query") as client:
        await client.orders.get(order_id)
    request = route.calls.last.request
    assert request.url.raw_path.split(b"?")[0] == raw_path
    assert request.url.params.get_list("api_key") == [API_KEY]


@respx.mock
async def test_create_posts_the_json_body_with_content_type(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{TEST_BASE}/orders").respond(
        200, json=load("api-examples/responses/postOrdersRedirect.json")
    )
    async with AsyncClient(API_KEY) as client:
        created = await client.orders.create(SEED_ORDER)
    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == SEED_ORDER
    assert created.order_id == "redirect-order-0001"
    assert created.payment_url is not None and created.payment_url.startswith("https://")
    assert created.session_id == "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv"
    assert created.order is None


@respx.mock
async def test_direct_create_returns_the_full_order_too(respx_mock: respx.MockRouter) -> None:
    respx_mock.post(f"{TEST_BASE}/orders").respond(
        200, json=load("api-examples/responses/postOrdersDirectIdeal.json")
    )
    async with AsyncClient(API_KEY) as client:
        created = await client.orders.create({**SEED_ORDER, "type": "direct", "gateway": "IDEAL"})
    assert created.order is not None
    assert created.order.status.is_pending
    assert created.payment_url == created.order.payment_url is not None
    assert created.order_id == created.order.order_id == "direct-order-0001"


@respx.mock
async def test_environment_picks_the_base_url_and_base_url_overrides_it(
    respx_mock: respx.MockRouter,
) -> None:
    live = respx_mock.get(f"{LIVE_BASE}/orders/o").respond(200, json=ORDER_BODY)
    proxy = respx_mock.get("http://proxy.local/msp/v1/json/orders/o").respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY, environment="live") as client:
        await client.orders.get("o")
    async with AsyncClient(
        API_KEY, environment="live", base_url="http://proxy.local/msp/v1/json/"
    ) as client:
        await client.orders.get("o")
    assert live.call_count == 1 and proxy.call_count == 1


@respx.mock
async def test_timeouts_client_wide_and_per_call(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{TEST_BASE}/orders/o").respond(200, json=ORDER_BODY)
    async with AsyncClient(API_KEY, timeout=7.5) as client:
        await client.orders.get("o")
        assert route.calls.last.request.extensions["timeout"]["read"] == 7.5
        await client.orders.get("o", timeout=httpx.Timeout(1.0, connect=0.5))
        assert route.calls.last.request.extensions["timeout"] == {
            "connect": 0.5,
            "read": 1.0,
            "write": 1.0,
            "pool": 1.0,
        }
    async with AsyncClient(API_KEY) as client:
        await client.orders.get("o")
    assert route.calls.last.request.extensions["timeout"] == {
        "connect": 5.0,
        "read": 30.0,
        "write": 30.0,
        "pool": None,
    }
