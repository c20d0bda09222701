"""Order events, orders.wait and with_options, over real sockets on both backends, against
the fake MultiSafepay's event stream."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest

from multisafepay_async import (
    AsyncClient,
    AuthenticationError,
    ClientStateError,
    CreatedOrder,
    OrderEvent,
    OrderStatus,
    ServiceUnavailableError,
    ValidationError,
    WaitTimeoutError,
)
from multisafepay_async._config import BackendName
from multisafepay_async.testing import FakeMultiSafepay

from .conftest import API_KEY, SEED_ORDER


def fast_client(url: str, backend: BackendName, **options: Any) -> AsyncClient:
    options.setdefault("timeout", httpx.Timeout(2.0, read=1.0))
    return AsyncClient(API_KEY, base_url=url, backend=backend, **options)


async def collect(events: Any, count: int) -> list[OrderEvent]:
    found: list[OrderEvent] = []
    async with asyncio.timeout(10):
        async for event in events:
            found.append(event)
            if len(found) == count:
                break
    return found


async def test_events_follow_the_order_through_its_statuses(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        fake.apply(created.order_id, "complete")
        fake.apply(created.order_id, "ship")
        async with client.events.subscribe(created) as events:
            found = await collect(events, 3)
    assert [e.status for e in found] == [
        OrderStatus.INITIALIZED,
        OrderStatus.COMPLETED,
        OrderStatus.SHIPPED,
    ]
    assert {e.order_id for e in found} == {created.order_id}
    assert found[0].event == "order.status" and found[0].data["financial_status"] == "initialized"
    assert fake.events.open == 0 or await _settled(lambda: fake.events.open == 0)


async def test_a_stream_dropped_after_each_event_resumes_with_nothing_lost_or_repeated(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    fake.events.drop_after = 1  # every connection ends after one event
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        for action in ("complete", "ship", "chargeback"):
            fake.apply(created.order_id, action)
        events = client.events.subscribe(created)
        found = await collect(events, 4)
        await events.aclose()
    ids = [int(e.id or 0) for e in found]
    assert ids == sorted(set(ids)) and len(ids) == 4
    assert [e.status for e in found][-1] is OrderStatus.CHARGEDBACK
    assert fake.events.connections >= 4  # one per event: resumed each time
    assert events.last_event_id == found[-1].id


async def test_a_resumed_subscription_starts_after_the_given_event(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        fake.apply(created.order_id, "complete")
        first = await collect(client.events.subscribe(created), 1)
        rest = await collect(client.events.subscribe(created, last_event_id=first[0].id), 1)
    assert rest[0].status is OrderStatus.COMPLETED and int(rest[0].id or 0) > int(first[0].id or 0)


async def test_a_wrong_token_raises_authentication_error_at_once(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        forged = CreatedOrder(
            order_id=created.order_id,
            events_token="not-the-token",
            events_stream_url=created.events_stream_url,
        )
        with pytest.raises(AuthenticationError) as caught:
            await collect(client.events.subscribe(forged), 1)
    assert caught.value.http_status == 401 and fake.events.connections == 0
    assert "not-the-token" not in str(caught.value)


async def test_5xx_is_retried_then_raised_after_max_retries(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        fake.events.fail_next = 2
        (event,) = await collect(client.events.subscribe(created), 1)
        assert event.status is OrderStatus.INITIALIZED and fake.events.connections == 3
        fake.events.fail_next = 5
        with pytest.raises(ServiceUnavailableError) as caught:
            await collect(client.events.subscribe(created, max_retries=1), 1)
    assert caught.value.attempts == 2


async def test_an_idle_stream_is_reopened(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    fake.events.keepalive = 30  # no keep-alives within the test: the stream looks dead
    async with fast_client(fake_url, backend, timeout=httpx.Timeout(2.0, read=0.2)) as client:
        created = await client.orders.create(SEED_ORDER)
        events = client.events.subscribe(created)
        (first,) = await collect(events, 1)
        await asyncio.sleep(0)
        later = asyncio.create_task(collect(events, 1))
        await asyncio.sleep(0.7)  # several idle timeouts, each followed by a reconnection
        fake.apply(created.order_id, "complete")
        (second,) = await later
        await events.aclose()
    assert first.status is OrderStatus.INITIALIZED and second.status is OrderStatus.COMPLETED
    assert fake.events.connections >= 3


async def test_cancelling_a_subscription_closes_its_connection_and_leaves_no_task(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        baseline = len(asyncio.all_tasks())
        task = asyncio.create_task(collect(client.events.subscribe(created), 5))
        assert await _settled(lambda: fake.events.open == 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await _settled(lambda: fake.events.open == 0)
        assert await _settled(lambda: len(asyncio.all_tasks()) <= baseline)


def test_subscribing_needs_credentials() -> None:
    client = AsyncClient(API_KEY)
    with pytest.raises(ValidationError, match="events_token"):
        client.events.subscribe(CreatedOrder(order_id="o"))
    with pytest.raises(ValidationError, match="events_stream_url"):
        client.events.subscribe(events_token="t", events_stream_url="ftp://x")


# --- orders.wait ---------------------------------------------------------------------------


async def test_wait_follows_the_event_stream_from_checkout_to_completed(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        waiting = asyncio.create_task(client.orders.wait(created, timeout=10))
        assert await _settled(lambda: fake.events.open == 1)
        async with httpx.AsyncClient() as browser:  # the customer pays on the payment page
            assert created.payment_url is not None
            await browser.get(created.payment_url, params={"action": "uncleared"})
            await browser.get(created.payment_url, params={"action": "complete"})
        order = await waiting
    assert order.status is OrderStatus.COMPLETED
    assert fake.events.connections == 1  # no polling was needed
    assert await _settled(lambda: fake.events.open == 0)


async def test_wait_polls_without_event_credentials(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        waiting = asyncio.create_task(
            client.orders.wait(created.order_id, until={"declined"}, poll_interval=0.05)
        )
        await asyncio.sleep(0.2)
        fake.apply(created.order_id, "decline")
        order = await asyncio.wait_for(waiting, 5)
    assert order.status is OrderStatus.DECLINED and fake.events.connections == 0


async def test_wait_takes_a_predicate(fake: FakeMultiSafepay, fake_url: str) -> None:
    async with AsyncClient(API_KEY, base_url=fake_url) as client:
        created = await client.orders.create(SEED_ORDER)
        fake.apply(created.order_id, "complete")
        order = await client.orders.wait(created, until=lambda o: o.amount == 1000, timeout=5)
    assert order.order_id == created.order_id


async def test_wait_times_out_with_the_last_order_seen(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        with pytest.raises(WaitTimeoutError) as caught:
            await client.orders.wait(created, timeout=0.3)
    assert caught.value.order is not None
    assert caught.value.order.status is OrderStatus.INITIALIZED
    assert isinstance(caught.value, TimeoutError)
    assert await _settled(lambda: fake.events.open == 0)  # the stream was closed


async def test_cancelling_wait_closes_the_stream(
    fake: FakeMultiSafepay, fake_url: str, backend: BackendName
) -> None:
    async with fast_client(fake_url, backend) as client:
        created = await client.orders.create(SEED_ORDER)
        waiting = asyncio.create_task(client.orders.wait(created))
        assert await _settled(lambda: fake.events.open == 1)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    assert await _settled(lambda: fake.events.open == 0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"until": {"paid"}}, "until"),
        ({"until": "completed"}, "until"),
        ({"until": set()}, "until"),
        ({"timeout": 0}, "timeout"),
        ({"poll_interval": -1}, "poll_interval"),
    ],
)
async def test_wait_refuses_bad_arguments_before_any_request(
    kwargs: dict[str, Any], field: str
) -> None:
    async with AsyncClient(API_KEY, base_url="http://127.0.0.1:9/v1/json") as client:
        with pytest.raises(ValidationError, match=field):
            await client.orders.wait("o", **kwargs)


# --- with_options: scoped keys on one pool -------------------------------------------------


async def test_a_view_with_another_key_shares_the_pool_and_keeps_the_key_out_of_logs(
    fake: FakeMultiSafepay,
    fake_url: str,
    backend: BackendName,
    caplog: pytest.LogCaptureFixture,
) -> None:
    terminal_key = "terminal-group-key-5544332211"
    fake.api_keys.add(terminal_key)
    caplog.set_level(logging.DEBUG)
    client = fast_client(fake_url, backend)
    async with client:
        terminal = client.with_options(api_key=terminal_key, max_retries=0, timeout=3)
        await terminal.orders.create({**SEED_ORDER, "order_id": "pos-1"})
        await client.orders.get("pos-1")
        assert terminal._backend is client._backend  # one pool
        with pytest.raises(AuthenticationError) as caught:
            await terminal.with_options(api_key="a-wrong-key-987654").orders.get("pos-1")
        await terminal.aclose()  # a view leaves the pool to its owner
        assert not client.is_closed
        await terminal.orders.get("pos-1")
    assert fake.keys_used[terminal_key] == 2 and fake.keys_used[API_KEY] == 1
    assert terminal.is_closed  # closing the owner closed it for the view too
    with pytest.raises(ClientStateError):
        await terminal.orders.get("pos-1")
    everything = caplog.text + str(caught.value) + repr(terminal)
    assert terminal_key not in everything and "a-wrong-key-987654" not in everything


async def test_with_options_changes_only_what_it_is_given() -> None:
    client = AsyncClient(API_KEY, timeout=7)
    view = client.with_options(max_retries=5)
    assert view._retry.max_retries == 5 and client._retry.max_retries == 2
    assert view._timeout == client._timeout and view._api_key == API_KEY
    assert view.orders._client is view and client.orders._client is client
    with pytest.raises(ValidationError, match="max_retries"):
        client.with_options(max_retries=-1)
    with pytest.raises(ValidationError, match="api_key"):
        client.with_options(api_key=" ")


async def _settled(done: Any, seconds: float = 3.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if done():
            return True
        await asyncio.sleep(0.02)
    return bool(done())
