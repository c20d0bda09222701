"""One canonical call per public API method, for the tests that must cover every method.

`CALLS` is checked against the client itself (`public_methods()`), so a method added to a
resource without a call here fails `test_the_calls_cover_every_public_method` in the fault
matrix and the hostile-input tests at once (`client.request` has two: a read and a write).
Each call sends exactly one request (a refund
names its currency, `refund_items` gets the order, `get_many` one id), except where `kind`
says otherwise.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Literal

import attrs

from multisafepay_async import AsyncClient, CreatedOrder, MultiSafepayError
from multisafepay_async._convert import converter
from multisafepay_async.models import Order

from .conftest import SEED_ORDER

#: read: a GET; write: POST, PATCH or DELETE; stream: the event stream (a GET held open);
#: wait: orders.wait (lookups until the order settles or the wait times out).
Kind = Literal["read", "write", "stream", "wait"]

#: The smallest file the upload checks take for a PDF, and its base64.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF64 = base64.b64encode(PDF).decode()
STATEMENT = {"encoded_content": PDF64, "filename": "statement.pdf", "mime_type": "application/pdf"}
IDENTITY_DOC = {**STATEMENT, "filename": "passport.pdf", "document_type": "passport"}
TRANSFER = {"amount": 1000, "currency": "EUR", "description": "fee", "order_id": "fee-1"}
SITE = {"name": "My website", "url": "https://shop.example"}
BANK_ACCOUNT = {"currency": "EUR", "holder_name": "My company", "iban": "NL02ABNA0123456789"}
UBO = {
    "name": "Simon Smit",
    "type": "shareholder",
    "percentage": 25,
    "birthday": "1980-12-31",
    "title": "Mr",
    "job_title": "CEO",
    "email": "ubo@example.com",
    "country": "NL",
    "country_of_birth": "NL",
}
SIGNUP = {
    "account": {"company_name": "My company", "email": "m@example.com", "country": "NL"},
    "currencies": ["EUR"],
    "user": {"email": "u@example.com", "name": "Simon", "password": "Mypassword123"},
}

BNPL_ORDER = converter.structure(
    {
        "order_id": "o",
        "status": "completed",
        "currency": "EUR",
        "shopping_cart": {
            "items": [
                {"name": "Test", "unit_price": 100, "quantity": 2, "merchant_item_id": "1111"}
            ]
        },
    },
    Order,
)


@attrs.frozen
class Call:
    method: str
    kind: Kind
    run: Callable[[AsyncClient, str], Awaitable[object]]
    """Given the client and the server's origin (`http://127.0.0.1:port`)."""


async def _first_event(client: AsyncClient, origin: str) -> object:
    created = CreatedOrder(
        order_id="o", events_token="t0ken", events_stream_url=f"{origin}/events/stream/"
    )
    async with client.events.subscribe(created) as events:
        return await anext(events)


async def _one_of_many(client: AsyncClient, _: str) -> object:
    """get_many's result for one id, its error raised: what the matrix checks."""
    results = [result async for result in client.orders.get_many(["o"])]
    assert len(results) == 1
    if results[0].error is not None:
        raise results[0].error
    return results[0].order


async def _drain(listing: Any) -> list[Any]:
    return [item async for item in listing]


def _call(method: str, kind: Kind, run: Callable[[AsyncClient], Awaitable[object]]) -> Call:
    return Call(method, kind, lambda client, _: run(client))


CALLS: list[Call] = [
    _call("orders.create", "write", lambda c: c.orders.create(SEED_ORDER)),
    _call("orders.get", "read", lambda c: c.orders.get("o")),
    Call("orders.get_many", "read", _one_of_many),
    _call("orders.wait", "wait", lambda c: c.orders.wait("o", timeout=0.4, poll_interval=0.05)),
    _call("orders.update", "write", lambda c: c.orders.update("o", {"status": "shipped"})),
    _call(
        "orders.refund", "write", lambda c: c.orders.refund("o", {"currency": "EUR", "amount": 1})
    ),
    _call(
        "orders.refund_items",
        "write",
        lambda c: c.orders.refund_items("o", {"1111": 1}, order=BNPL_ORDER),
    ),
    _call("orders.cancel_refund", "write", lambda c: c.orders.cancel_refund("o", 1)),
    _call("orders.capture", "write", lambda c: c.orders.capture("o", {"amount": 500})),
    _call(
        "orders.cancel_reservation",
        "write",
        lambda c: c.orders.cancel_reservation("o", {"reason": "no stock"}),
    ),
    _call("orders.cancel", "write", lambda c: c.orders.cancel("o")),
    Call("events.subscribe", "stream", _first_event),
    _call("transactions.list", "read", lambda c: _drain(c.transactions.list())),
    _call("transactions.get", "read", lambda c: c.transactions.get(17472052901237122)),
    _call("gateways.list", "read", lambda c: c.gateways.list()),
    _call("gateways.get", "read", lambda c: c.gateways.get("IDEAL")),
    _call("issuers.list", "read", lambda c: c.issuers.list()),
    _call("categories.list", "read", lambda c: c.categories.list()),
    _call("payment_methods.list", "read", lambda c: c.payment_methods.list()),
    _call("payment_methods.get", "read", lambda c: c.payment_methods.get("IDEAL")),
    _call("tokens.list", "read", lambda c: c.tokens.list("cust")),
    _call("tokens.get", "read", lambda c: c.tokens.get("cust", "tok")),
    _call("tokens.update_expiry", "write", lambda c: c.tokens.update_expiry("cust", "tok", "3012")),
    _call("tokens.delete", "write", lambda c: c.tokens.delete("cust", "tok")),
    _call("auth.api_token", "read", lambda c: c.auth.api_token()),
    _call("pos.receipt", "read", lambda c: c.pos.receipt("o")),
    _call("me", "read", lambda c: c.me()),
    _call("request", "read", lambda c: c.request("GET", "orders/o", cast_to=Order)),
    _call(  # the escape hatch's writes are as safe as the methods': proved under every fault
        "request",
        "write",
        lambda c: c.request(
            "POST", "orders/o/refunds", body={"currency": "EUR", "amount": 1}, order_id="o"
        ),
    ),
    _call("terminals.list", "read", lambda c: c.terminals.list()),
    _call("terminals.list_for_group", "read", lambda c: c.terminals.list_for_group(7)),
    _call("terminals.create", "write", lambda c: c.terminals.create({"group_id": 7, "name": "t1"})),
    _call(
        "wallets.apple_pay_session",
        "write",
        lambda c: c.wallets.apple_pay_session(
            validation_url="https://apple-pay-gateway.apple.com/paymentservices/startSession",
            origin_domain="shop.example",
        ),
    ),
    _call("orders.put_on_hold", "write", lambda c: c.orders.put_on_hold("o", 3600)),
    _call("orders.extend_expiry", "write", lambda c: c.orders.extend_expiry("o", 7)),
    _call(
        "orders.challenge_chargeback",
        "write",
        lambda c: c.orders.challenge_chargeback("o", PDF, name="proof.pdf", description="proof"),
    ),
    _call(
        "closing_balances.list",
        "read",
        lambda c: c.closing_balances.list(from_=date(2026, 1, 1), until=date(2026, 2, 1)),
    ),
    _call("sites.get", "read", lambda c: c.sites.get(12345)),
    _call("sites.update", "write", lambda c: c.sites.update(12345, {"name": "Shop"})),
    _call("affiliates.create", "write", lambda c: c.affiliates.create(SIGNUP)),
    _call("affiliates.list", "read", lambda c: c.affiliates.list()),
    _call("affiliates.get", "read", lambda c: c.affiliates.get(10)),
    _call("affiliates.update", "write", lambda c: c.affiliates.update(10, {"phone": "+3120"})),
    _call(
        "affiliates.login_url", "write", lambda c: c.affiliates.login_url(10, {"expires_in": "2h"})
    ),
    _call("affiliates.balances", "read", lambda c: c.affiliates.balances(10)),
    _call("affiliates.charge", "write", lambda c: c.affiliates.charge(10, TRANSFER)),
    _call("affiliates.payout", "write", lambda c: c.affiliates.payout(10, TRANSFER)),
    _call(
        "affiliates.set_auto_payout",
        "write",
        lambda c: c.affiliates.set_auto_payout(10, "EUR", {"schedule": "mon"}),
    ),
    _call("affiliates.get_auto_payout", "read", lambda c: c.affiliates.get_auto_payout(10, "EUR")),
    _call("affiliates.list_auto_payouts", "read", lambda c: c.affiliates.list_auto_payouts(10)),
    _call("affiliates.create_site", "write", lambda c: c.affiliates.create_site(10, SITE)),
    _call("affiliates.list_sites", "read", lambda c: c.affiliates.list_sites(10)),
    _call(
        "affiliates.add_bank_account",
        "write",
        lambda c: c.affiliates.add_bank_account(10, BANK_ACCOUNT),
    ),
    _call("affiliates.list_bank_accounts", "read", lambda c: c.affiliates.list_bank_accounts(10)),
    _call("affiliates.add_ubo", "write", lambda c: c.affiliates.add_ubo(10, UBO)),
    _call("affiliates.list_ubos", "read", lambda c: c.affiliates.list_ubos(10)),
    _call("bank_accounts.get", "read", lambda c: c.bank_accounts.get("ba1")),
    _call("bank_accounts.payment_link", "write", lambda c: c.bank_accounts.payment_link("ba1")),
    _call(
        "bank_accounts.add_statement",
        "write",
        lambda c: c.bank_accounts.add_statement("ba1", STATEMENT),
    ),
    _call("bank_accounts.list_statements", "read", lambda c: c.bank_accounts.list_statements("b")),
    _call("bank_statements.get", "read", lambda c: c.bank_statements.get("bs1")),
    _call("ubos.get", "read", lambda c: c.ubos.get("u1")),
    _call("ubos.update", "write", lambda c: c.ubos.update("u1", {"percentage": 30})),
    _call("ubos.add_identity_doc", "write", lambda c: c.ubos.add_identity_doc("u1", IDENTITY_DOC)),
    _call("ubos.list_identity_docs", "read", lambda c: c.ubos.list_identity_docs("u1")),
    _call("identity_docs.get", "read", lambda c: c.identity_docs.get("d1")),
]


def error_of(outcome: object) -> MultiSafepayError:
    assert isinstance(outcome, MultiSafepayError), f"expected an error, got {outcome!r}"
    return outcome
