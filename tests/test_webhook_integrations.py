"""Notifications end to end: the fake MultiSafepay delivers, the framework adapters verify."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from examples.fastapi_app import create_app
from multisafepay_async import AsyncClient, Order
from multisafepay_async._sse import SSEDecoder
from multisafepay_async.integrations._common import OrderHandler
from multisafepay_async.integrations.aiohttp import notification_handler
from multisafepay_async.testing import FakeMultiSafepay, serve
from multisafepay_async.webhooks import sign_notification

from .conftest import API_KEY, SEED_ORDER


def in_process_client(fake: FakeMultiSafepay) -> AsyncClient:
    return AsyncClient(API_KEY, base_url="http://fake/v1/json", transport=httpx.ASGITransport(fake))


def notifying(url: str) -> dict[str, object]:
    return {**SEED_ORDER, "payment_options": {"notification_url": url}}


@contextlib.asynccontextmanager
async def aiohttp_receiver(
    handler: OrderHandler, client: AsyncClient | None = None
) -> AsyncIterator[str]:
    """An aiohttp.web app with our adapter on a loopback port; yields its notification URL."""
    app = web.Application()
    app.router.add_route("*", "/notify", notification_handler(API_KEY, handler, client=client))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/notify"
    finally:
        await runner.cleanup()


@pytest.fixture
async def shop(fake: FakeMultiSafepay) -> AsyncIterator[httpx.AsyncClient]:
    """The FastAPI example, talking to the fake, which notifies it; all in-process."""
    fake.notifier.retry_delay = 0.01
    app = create_app(API_KEY, base_url="http://fake/v1/json", transport=httpx.ASGITransport(fake))
    fake.notifier.transport = httpx.ASGITransport(app)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shop") as browser:
            yield browser


async def test_checkout_pay_and_the_webhook_records_the_status(
    shop: httpx.AsyncClient, fake: FakeMultiSafepay
) -> None:
    answer = await shop.post("/checkout", json={"amount": 1000, "description": "A table"})
    assert answer.status_code == 200
    order_id, payment_url = answer.json()["order_id"], answer.json()["payment_url"]
    assert payment_url.startswith("http://fake/pay/")
    assert fake.order(order_id)["amount"] == 1000

    fake.apply(order_id, "complete")  # the customer paid
    await fake.notifications_settled()
    assert (await shop.get(f"/orders/{order_id}")).json()["status"] == "completed"
    (delivery,) = fake.deliveries
    assert delivery.acknowledged and delivery.status == 200 and delivery.method == "POST"
    assert delivery.url == "http://shop/webhooks/multisafepay"

    fake.apply(order_id, "refund")
    await fake.notifications_settled()
    assert (await shop.get(f"/orders/{order_id}")).json()["status"] == "refunded"


async def test_a_forged_notification_is_refused_and_logged_without_secrets(
    shop: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    order_id = (await shop.post("/checkout", json={"amount": 5, "description": "x"})).json()[
        "order_id"
    ]
    forged = f'{{"order_id": "{order_id}", "status": "completed"}}'.encode()
    caplog.set_level(logging.WARNING, logger="multisafepay_async.webhooks")
    answer = await shop.post(
        f"/webhooks/multisafepay?transactionid={order_id}",
        content=forged,
        headers={"auth": sign_notification(forged, "not-the-shop-key")},
    )
    assert answer.status_code == 401 and answer.text == "invalid notification"
    assert (await shop.get(f"/orders/{order_id}")).json()["status"] == "initialized"
    (record,) = [r for r in caplog.records if r.name == "multisafepay_async.webhooks"]
    assert "bad_signature" in record.getMessage() and order_id in record.getMessage()
    assert API_KEY not in record.getMessage() and "completed" not in record.getMessage()


async def test_a_get_style_notification_makes_the_shop_fetch_the_order(
    shop: httpx.AsyncClient, fake: FakeMultiSafepay
) -> None:
    order_id = (await shop.post("/checkout", json={"amount": 5, "description": "x"})).json()[
        "order_id"
    ]
    fake.store.apply(order_id, "decline")  # no notification: the shop only gets a GET ping
    answer = await shop.get(f"/webhooks/multisafepay?transactionid={order_id}&timestamp=1")
    assert answer.status_code == 200 and answer.text == "OK"
    assert (await shop.get(f"/orders/{order_id}")).json()["status"] == "declined"


async def test_the_fake_retries_until_the_receiver_says_ok(fake: FakeMultiSafepay) -> None:
    answers = iter([500, 200, 200])
    seen: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = next(answers)
        return httpx.Response(status, text="OK" if status == 200 else "boom")

    fake.notifier.transport = httpx.MockTransport(receiver)
    fake.notifier.retry_delay = 0.01
    async with AsyncClient(
        API_KEY, base_url="http://fake/v1/json", transport=httpx.ASGITransport(fake)
    ) as client:
        await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "complete")
    await fake.notifications_settled()
    assert [(d.attempt, d.status, d.acknowledged) for d in fake.deliveries] == [
        (1, 500, False),
        (2, 200, True),
    ]
    assert seen[0].url.params["transactionid"] == "my-order-id-1"
    assert "timestamp" in seen[0].url.params
    assert seen[0].url.path == "/notify"


async def test_the_fake_gives_up_after_four_attempts(fake: FakeMultiSafepay) -> None:
    fake.notifier.transport = httpx.MockTransport(lambda request: httpx.Response(503))
    fake.notifier.retry_delay = 0.0
    async with AsyncClient(
        API_KEY, base_url="http://fake/v1/json", transport=httpx.ASGITransport(fake)
    ) as client:
        await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "decline")
    await fake.notifications_settled()
    assert [d.attempt for d in fake.deliveries] == [1, 2, 3, 4]
    assert not any(d.acknowledged for d in fake.deliveries)


async def test_the_aiohttp_adapter_over_a_real_socket(
    fake: FakeMultiSafepay, fake_url: str
) -> None:
    received: list[Order] = []

    async def on_order(order: Order) -> None:
        received.append(order)

    async with aiohttp_receiver(on_order) as url:
        async with AsyncClient(API_KEY, base_url=fake_url) as client:
            await client.orders.create(notifying(url))
        fake.apply("my-order-id-1", "complete")
        await fake.notifications_settled()
    assert [o.status for o in received] == ["completed"]
    assert fake.deliveries[-1].acknowledged


async def test_a_handler_that_fails_leaves_the_notification_unacknowledged(
    fake: FakeMultiSafepay,
) -> None:
    calls = 0

    def flaky(order: Order) -> None:  # plain functions work as handlers too
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database down")

    fake.notifier.retry_delay = 0.01
    async with aiohttp_receiver(flaky) as url:
        async with in_process_client(fake) as client:
            await client.orders.create(notifying(url))
        fake.apply("my-order-id-1", "complete")
        await fake.notifications_settled()
    assert [(d.status, d.acknowledged) for d in fake.deliveries] == [(500, False), (200, True)]


async def test_the_example_streams_an_orders_status_to_the_browser(
    fake: FakeMultiSafepay,
) -> None:
    # MultiSafepay's event stream needs a socket; the shop itself runs in-process.
    async with serve(fake) as url:
        app = create_app(API_KEY, base_url=url + "/v1/json")
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app)
            async with httpx.AsyncClient(transport=transport, base_url="http://shop") as browser:
                answer = await browser.post("/checkout", json={"amount": 500, "description": "x"})
                order_id = answer.json()["order_id"]

                async def pay() -> None:
                    await asyncio.sleep(0.2)  # while the browser listens
                    fake.apply(order_id, "uncleared")
                    fake.apply(order_id, "complete")

                paying = asyncio.create_task(pay())
                async with asyncio.timeout(10):
                    stream = await browser.get(f"/orders/{order_id}/events")
                await paying
    assert stream.headers["content-type"].startswith("text/event-stream")
    statuses = [e.data for e in SSEDecoder().feed(stream.content)]
    assert statuses[0] == "initialized" and statuses[-1] == "completed"
    assert set(statuses) <= {"initialized", "uncleared", "completed"}
    assert (await _absent(browser_url="/orders/nope/events", app=app)) == 404


async def _absent(browser_url: str, app: object) -> int:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://shop",  # type: ignore[arg-type]
    ) as browser:
        return (await browser.get(browser_url)).status_code
