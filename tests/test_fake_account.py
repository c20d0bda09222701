"""The fake's merchant-account calls, end to end over a socket on both backends: what they
change is there on the next call; the partner calls answer with the spec's examples."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from multisafepay_async import AsyncClient, InvalidRequestError, NotFoundError
from multisafepay_async.models import Affiliate, BankAccountLink, IdentityDoc
from multisafepay_async.resources._base import OPERATIONS
from multisafepay_async.testing import FakeMultiSafepay
from multisafepay_async.testing._partner_examples import EXAMPLES

from . import spec
from .calls import PDF
from .conftest import SEED_ORDER


async def test_a_pay_after_delivery_hold_and_extension_are_kept(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "complete")
    before = datetime.now()
    held = await client.orders.put_on_hold("my-order-id-1", 3600)
    assert timedelta(minutes=59) < held - before < timedelta(minutes=61)
    default = await client.orders.put_on_hold("my-order-id-1")
    assert timedelta(days=9.9) < default - before < timedelta(days=10.1)
    expiry = await client.orders.extend_expiry("my-order-id-1", 14)
    assert timedelta(days=13.9) < expiry - before < timedelta(days=14.1)
    assert fake.store.account.holds["my-order-id-1"] == default.isoformat()


async def test_no_hold_for_an_unknown_or_declined_order(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    with pytest.raises(NotFoundError):
        await client.orders.put_on_hold("nobody")
    await client.orders.create(SEED_ORDER)
    fake.apply("my-order-id-1", "decline")
    with pytest.raises(InvalidRequestError):
        await client.orders.extend_expiry("my-order-id-1", 3)


async def test_chargeback_evidence_is_filed_with_its_order(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    await client.orders.create(SEED_ORDER)
    result = await client.orders.challenge_chargeback(
        "my-order-id-1", PDF, name="delivery.pdf", description="signed for"
    )
    assert result is None
    assert fake.store.account.files["my-order-id-1"] == [
        {"type": "PDF", "name": "delivery.pdf", "description": "signed for"}
    ]


async def test_closing_balances_add_up_the_settled_payments(
    client: AsyncClient, fake: FakeMultiSafepay
) -> None:
    for n, amount in enumerate((1000, 2500)):
        await client.orders.create({**SEED_ORDER, "order_id": f"o{n}", "amount": amount})
        fake.apply(f"o{n}", "complete")
    await client.orders.create({**SEED_ORDER, "order_id": "unpaid"})
    today = date.today()
    (balance,) = await client.closing_balances.list(
        from_=today - timedelta(days=1), until=today, currency="EUR"
    )
    assert balance.currency == "EUR" and balance.amount is not None
    assert balance.amount == 3500 - 2 * 44  # the payments, less the fake's transaction fees
    assert await client.closing_balances.list(from_=today, until=today, currency="USD") == ()


async def test_a_site_update_is_there_on_the_next_get(client: AsyncClient) -> None:
    site = await client.sites.get(20_000_001)
    assert site.name == "Fake Shop" and "fake-site-api-key" not in repr(site)
    updated = await client.sites.update(20_000_001, {"name": "Shop 2", "price_till": 5000})
    assert (updated.name, updated.price_till) == ("Shop 2", 5000)
    assert (await client.sites.get(20_000_001)).name == "Shop 2"
    with pytest.raises(NotFoundError):
        await client.sites.get(1)


async def test_the_partner_calls_answer_with_the_specs_examples(client: AsyncClient) -> None:
    affiliates = await client.affiliates.list()
    assert all(isinstance(a, Affiliate) for a in affiliates) and affiliates[0].id == 90280407
    link = await client.bank_accounts.payment_link("b1")
    assert isinstance(link, BankAccountLink) and link.payment_link is not None
    document = await client.identity_docs.get("d1")
    assert isinstance(document, IdentityDoc) and document.document_type == "id"  # enum[0]


def test_the_partner_examples_are_still_the_specs() -> None:
    # The fake carries a copy of the spec's examples (the spec is not in the package).
    partner = [op for op in OPERATIONS if op.key == "partner"]
    assert len(partner) == len(EXAMPLES) == 27
    for op in partner:
        theirs = spec.operation(str(op.spec_id))
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", theirs.template)
        assert EXAMPLES[(op.method, pattern)] == spec.answers(theirs)[0][1]["data"], op.name
