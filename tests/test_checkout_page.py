"""The fake's payment page, as a customer's browser uses it: every outcome button x both
notification methods x with and without the shop's return URLs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from multisafepay_async import AsyncClient
from multisafepay_async.testing import FakeMultiSafepay
from multisafepay_async.testing._checkout import OUTCOMES, money
from multisafepay_async.webhooks import verify_notification

SHOP = "https://shop.example"
# action -> the order's status after it, and which of the shop's URLs the customer goes to
AFTER = {
    "complete": ("completed", "redirect_url"),
    "uncleared": ("uncleared", "redirect_url"),
    "decline": ("declined", "cancel_url"),
    "cancel": ("cancelled", "cancel_url"),
}


def test_the_table_covers_every_button() -> None:
    assert set(AFTER) == set(OUTCOMES)


class Shop:
    """The fake wired to a browser and to a shop that records the notifications it gets."""

    def __init__(self) -> None:
        self.fake = FakeMultiSafepay()
        self.notified: list[httpx.Request] = []
        self.fake.notifier.transport = httpx.MockTransport(self._notified)
        transport = httpx.ASGITransport(app=self.fake)
        self.client = AsyncClient(
            self.fake.api_key, base_url="http://fake/v1/json", transport=transport
        )
        self.browser = httpx.AsyncClient(transport=transport, base_url="http://fake")

    def _notified(self, request: httpx.Request) -> httpx.Response:
        self.notified.append(request)
        return httpx.Response(200, text="OK")

    async def order(self, order_id: str, **fields: Any) -> str:
        options = fields.pop("payment_options", {})
        created = await self.client.orders.create(
            {
                "order_id": order_id,
                "currency": "EUR",
                "amount": 1234,
                "description": "Books & <pens>",
                "payment_options": options,
                **fields,
            }
        )
        assert created.payment_url is not None
        return created.payment_url

    async def __aenter__(self) -> Shop:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.fake.notifications_settled()
        await self.client.aclose()
        await self.browser.aclose()


@pytest.mark.parametrize("with_urls", [True, False], ids=["return-urls", "no-urls"])
@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("action", list(OUTCOMES))
async def test_a_click_moves_the_order_notifies_the_shop_and_returns_the_customer(
    action: str, method: str, with_urls: bool
) -> None:
    status, goes_to = AFTER[action]
    options: dict[str, Any] = {"notification_url": f"{SHOP}/notify", "notification_method": method}
    if with_urls:
        options |= {"redirect_url": f"{SHOP}/thanks?lang=nl", "cancel_url": f"{SHOP}/basket"}
    async with Shop() as shop:
        page_url = await shop.order("o-1", payment_options=options)
        page = await shop.browser.get(page_url)
        assert f'data-action="{action}"' in page.text
        after = await shop.browser.post(page_url, data={"action": action, "gateway": "VISA"})
        await shop.fake.notifications_settled()

        assert (await shop.client.orders.get("o-1")).raw_status == status
        if with_urls:
            assert after.status_code == 303
            target = urlsplit(after.headers["location"])
            expected = urlsplit(options[goes_to])
            assert (target.netloc, target.path) == (expected.netloc, expected.path)
            query = parse_qs(target.query)
            assert query["transactionid"] == ["o-1"]
            assert query.get("lang") == parse_qs(expected.query).get("lang")  # kept
        else:
            assert after.status_code == 200 and f"Order o-1 is {status}." in after.text
        (notification,) = shop.notified
        assert notification.method == method
        assert parse_qs(notification.url.query.decode())["transactionid"] == ["o-1"]
        if method == "POST":
            verify_notification(
                notification.content, notification.headers["auth"], shop.fake.api_key
            )
        last_event = shop.fake.events.events["o-1"][-1][1]
        assert f'"status": "{status}"' in last_event


async def test_the_page_shows_merchant_description_and_amount_in_plain_html() -> None:
    async with Shop() as shop:
        page = await shop.browser.get(await shop.order("o-1"))
    assert page.headers["content-type"].startswith("text/html")
    assert "Fake Shop" in page.text and "EUR 12.34" in page.text
    assert "Books &amp; &lt;pens&gt;" in page.text  # escaped, never markup
    assert "<script" not in page.text and not re.search(r'(src|href)="?https?:', page.text)
    assert '<form method=post action="/pay/' in page.text


async def test_an_order_without_a_gateway_offers_the_fakes_methods() -> None:
    async with Shop() as shop:
        free = (await shop.browser.get(await shop.order("o-1"))).text
        ideal = (await shop.browser.get(await shop.order("o-2", gateway="IDEAL"))).text
        visa = (await shop.browser.get(await shop.order("o-3", gateway="VISA"))).text
    assert 'name=gateway value="IDEAL" checked' in free and 'value="VISA"' in free
    assert "name=gateway" not in ideal and "Payment method: IDEAL" in ideal
    assert 'data-action="uncleared"' in free and 'data-action="uncleared"' in visa
    assert 'data-action="uncleared"' not in ideal  # an iDEAL payment is never held


async def test_the_method_chosen_is_the_one_that_paid() -> None:
    async with Shop() as shop:
        page_url = await shop.order("o-1")
        await shop.browser.post(page_url, data={"action": "complete", "gateway": "PAYPAL"})
        order = await shop.client.orders.get("o-1")
    assert order.payment_details is not None and order.payment_details.type == "PAYPAL"


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"action": "refund"}, "Unknown action"),
        ({"action": "complete", "gateway": "BITCOIN"}, "Unknown payment method"),
        ({"action": "uncleared", "gateway": "IDEAL"}, "never uncleared"),
    ],
)
async def test_what_the_page_would_not_offer_is_refused_on_the_page(
    form: dict[str, str], error: str
) -> None:
    async with Shop() as shop:
        page_url = await shop.order("o-1")
        refused = await shop.browser.post(page_url, data=form)
        assert (await shop.client.orders.get("o-1")).raw_status == "initialized"
    assert refused.status_code == 400 and error in refused.text and "data-action" in refused.text


async def test_a_second_click_changes_nothing_and_says_why() -> None:
    async with Shop() as shop:
        page_url = await shop.order("o-1")
        await shop.browser.post(page_url, data={"action": "complete", "gateway": "IDEAL"})
        again = await shop.browser.post(page_url, data={"action": "decline", "gateway": "VISA"})
        order = await shop.client.orders.get("o-1")
        assert order.raw_status == "completed" and order.payment_details is not None
        assert order.payment_details.type == "IDEAL"
        shown = await shop.browser.get(page_url)
    assert again.status_code == 409 and "Cannot decline: the order is completed" in again.text
    assert "This order is completed." in shown.text and "data-action" not in shown.text


async def test_scripts_still_pay_with_a_get_and_get_json() -> None:
    async with Shop() as shop:
        page_url = await shop.order("o-1")
        paid = await shop.browser.get(page_url, params={"action": "complete"})
    assert paid.json()["status"] == "completed"


async def test_an_unknown_session_is_a_404_page() -> None:
    async with Shop() as shop:
        missing = await shop.browser.get("/pay/no-such-session")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "Unknown payment session" in missing.text


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (1000, "EUR", "EUR 10.00"),
        (5, "EUR", "EUR 0.05"),
        (123456789, "GBP", "GBP 1,234,567.89"),
        (1000, "JPY", "JPY 1,000"),
    ],
)
def test_amounts_are_shown_from_minor_units(amount: int, currency: str, shown: str) -> None:
    assert money(amount, currency) == shown
