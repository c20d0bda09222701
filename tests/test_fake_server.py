"""End to end over a real loopback socket against the embedded fake MultiSafepay."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from multisafepay_async import (
    AsyncClient,
    AuthenticationError,
    FinancialStatus,
    InvalidRequestError,
    NotFoundError,
    OrderStatus,
    RefundRefusedError,
)
from multisafepay_async.testing import FakeMultiSafepay

from .conftest import API_KEY, SEED_ORDER


async def test_the_quickstart_works_end_to_end(client: AsyncClient, fake_url: str) -> None:
    created = await client.orders.create(SEED_ORDER)
    assert created.order_id == "my-order-id-1"
    assert created.payment_url is not None and created.payment_url.startswith("http://127.0.0.1")
    order = await client.orders.get("my-order-id-1")
    assert order.status is OrderStatus.INITIALIZED and order.status.is_pending
    assert order.amount == 1000 and order.currency == "EUR"
    assert order.customer is not None and order.customer.first_name == "John"
    assert order.transaction_id is not None and order.transaction_id > 2**53

    # The customer pays on the payment page.
    async with httpx.AsyncClient() as browser:
        paid = await browser.get(created.payment_url, params={"action": "complete"})
    assert paid.json()["status"] == "completed"

    order = await client.orders.get("my-order-id-1")
    assert order.status is OrderStatus.COMPLETED and order.status.is_paid
    assert order.financial_status is FinancialStatus.COMPLETED
    assert order.completed is not None and order.costs[0].amount_major is not None


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("decline", OrderStatus.DECLINED),
        ("expire", OrderStatus.EXPIRED),
        ("cancel", OrderStatus.CANCELLED),
        ("uncleared", OrderStatus.UNCLEARED),
    ],
)
async def test_orders_move_through_their_statuses(
    client: AsyncClient, fake: FakeMultiSafepay, action: str, status: OrderStatus
) -> None:
    await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", action)
    assert (await client.orders.get("my-order-id-1")).status is status


async def test_refunds_over_the_control_endpoint(client: AsyncClient, fake_url: str) -> None:
    await client.orders.create(SEED_ORDER)
    control = fake_url.removesuffix("/v1/json") + "/_fake/orders/my-order-id-1"
    async with httpx.AsyncClient() as http:
        assert (await http.post(f"{control}/complete")).status_code == 200
        assert (await http.post(f"{control}/refund", json={"amount": 250})).status_code == 200
    order = await client.orders.get("my-order-id-1")
    assert order.status is OrderStatus.PARTIAL_REFUNDED and order.amount_refunded == 250
    assert order.related_transactions[0].type == "refund"
    assert order.related_transactions[0].amount == 250
    async with httpx.AsyncClient() as http:
        await http.post(f"{control}/refund")
        too_much = await http.post(f"{control}/refund", json={"amount": 1})
    assert too_much.json()["error_code"] == 1034
    order = await client.orders.get("my-order-id-1")
    assert order.status is OrderStatus.REFUNDED and order.amount_refunded == 1000


async def test_unknown_orders_are_not_found(client: AsyncClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.orders.get("no-such-order")
    assert (caught.value.http_status, caught.value.error_code) == (404, 1006)


async def test_an_order_id_can_be_used_once(client: AsyncClient) -> None:
    await client.orders.create(SEED_ORDER)
    with pytest.raises(InvalidRequestError) as caught:
        await client.orders.create(SEED_ORDER)
    assert (caught.value.http_status, caught.value.error_code) == (200, 1006)


@pytest.mark.parametrize("where", ["header", "query"])
async def test_the_fake_accepts_the_key_in_header_or_query(fake_url: str, where: str) -> None:
    async with AsyncClient(API_KEY, base_url=fake_url, api_key_in=where) as client:  # type: ignore[arg-type]
        assert (await client.orders.create(SEED_ORDER)).order_id == "my-order-id-1"
    async with AsyncClient("wrong-key", base_url=fake_url, api_key_in=where) as client:  # type: ignore[arg-type]
        with pytest.raises(AuthenticationError) as caught:
            await client.orders.get("my-order-id-1")
    assert (caught.value.http_status, caught.value.error_code) == (401, 1032)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"amount": 10.5}, 1001),
        ({"amount": -5}, 1001),
        ({"currency": "XXX"}, 1002),
        ({"description": ""}, 1008),
        ({"order_id": "x" * 51}, 1006),
    ],
)
async def test_the_fake_validates_like_multisafepay_with_http_200_failures(
    fake_url: str, change: dict[str, object], code: int
) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{fake_url}/orders", json={**SEED_ORDER, **change}, headers={"api_key": API_KEY}
        )
    assert answer.status_code == 200
    assert answer.json()["success"] is False and answer.json()["error_code"] == code


async def test_missing_fields_are_error_1016(fake_url: str) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.post(f"{fake_url}/orders", json={}, headers={"api_key": API_KEY})
    assert answer.json()["error_code"] == 1016


async def test_direct_orders_return_the_full_order(client: AsyncClient) -> None:
    created = await client.orders.create({**SEED_ORDER, "type": "direct", "gateway": "IDEAL"})
    assert created.order is not None and created.order.status is OrderStatus.INITIALIZED
    assert created.payment_url == created.order.payment_url


async def test_the_fake_also_runs_in_process_through_asgi_transport(
    fake: FakeMultiSafepay,
) -> None:
    transport = httpx.ASGITransport(app=fake)
    async with AsyncClient(API_KEY, base_url="http://fake/v1/json", transport=transport) as client:
        await client.orders.create(SEED_ORDER)
        fake.apply("my-order-id-1", "complete")
        assert (await client.orders.get("my-order-id-1")).status.is_paid


async def test_hundreds_of_concurrent_calls_on_one_client(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    ids = [f"batch-{i}" for i in range(150)]
    await asyncio.gather(*(client.orders.create({**SEED_ORDER, "order_id": i}) for i in ids))
    for order_id in ids[::3]:
        fake.apply(order_id, "complete")
    orders = await asyncio.gather(*(client.orders.get(i) for i in ids))
    assert [o.order_id for o in orders] == ids
    assert sum(o.status.is_paid for o in orders) == 50
    assert fake.requests[("POST", "/v1/json/orders")] == 150


# --- drift from the real API, found and fixed (issue 20) ------------------------------------


async def test_transactions_filtered_by_several_methods_are_those_of_any_of_them(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    for order_id, gateway in [("o-visa", "VISA"), ("o-ideal", "IDEAL"), ("o-paypal", "PAYPAL")]:
        await client.orders.create({**SEED_ORDER, "order_id": order_id, "gateway": gateway})
        fake.apply(order_id, "complete")
    both = [t async for t in client.transactions.list(payment_method=["VISA", "IDEAL"])]
    assert {t.payment_method for t in both} == {"VISA", "IDEAL"} and len(both) == 2
    one = [t async for t in client.transactions.list(payment_method="PAYPAL")]
    assert [t.order_id for t in one] == ["o-paypal"]


async def test_a_second_refund_of_the_same_amount_within_5_minutes_is_refused_1034(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    await client.orders.create({**SEED_ORDER, "order_id": "o"})
    fake.apply("o", "complete")
    now = [1000.0]
    fake.store.clock = lambda: now[0]
    await client.orders.refund("o", {"currency": "EUR", "amount": 100})
    with pytest.raises(RefundRefusedError) as refused:
        await client.orders.refund("o", {"currency": "EUR", "amount": 100})
    assert refused.value.error_code == 1034
    await client.orders.refund("o", {"currency": "EUR", "amount": 200})  # another amount
    now[0] += 301  # five minutes later the same amount is a new refund
    await client.orders.refund("o", {"currency": "EUR", "amount": 100})
    assert (await client.orders.get("o")).amount_refunded == 400
