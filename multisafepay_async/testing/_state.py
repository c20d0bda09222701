"""The fake's memory: orders as MultiSafepay would return them, and how their status moves.

Orders are kept in the exact JSON shape of `GET /orders/{order_id}` (api-facts §4), so what the
fake serves is what the real API sends, traps included: transaction ids above 2**53, costs in
decimal major units, `phone1` instead of `phone`, naive local timestamps.
"""

from __future__ import annotations

import itertools
import secrets
from collections import defaultdict
from datetime import datetime
from typing import Any

__all__ = ["SITE_ID", "AccountState", "FakeError", "OrderStore"]

# Real transaction ids have 16-17 digits; starting above 2**53 catches any float on the way.
_FIRST_TRANSACTION_ID = 17_472_052_901_237_122
CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY"})
ORDER_TYPES = frozenset({"redirect", "direct", "paymentlink", "checkout"})


class FakeError(Exception):
    """A failure the fake answers with MultiSafepay's error envelope."""

    def __init__(self, http_status: int, error_code: int, error_info: str) -> None:
        super().__init__(f"{error_code}: {error_info}")
        self.http_status = http_status
        self.error_code = error_code
        self.error_info = error_info


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


# status, financial_status, and which statuses may move there.
_TRANSITIONS: dict[str, tuple[str, str, frozenset[str]]] = {
    "complete": ("completed", "completed", frozenset({"initialized", "uncleared"})),
    "uncleared": ("uncleared", "uncleared", frozenset({"initialized"})),
    "decline": ("declined", "declined", frozenset({"initialized", "uncleared"})),
    "expire": ("expired", "expired", frozenset({"initialized"})),
    "cancel": ("cancelled", "cancelled", frozenset({"initialized"})),
    "void": ("void", "void", frozenset({"initialized", "uncleared", "completed"})),
    "ship": ("shipped", "completed", frozenset({"completed"})),
    "chargeback": ("chargedback", "chargedback", frozenset({"completed", "shipped"})),
}
ACTIONS = frozenset({*_TRANSITIONS, "refund"})


class OrderStore:
    """Orders by merchant order_id, with the transitions a customer and MultiSafepay cause."""

    def __init__(self) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        #: Recurring tokens by customer reference, made when a recurring order is paid.
        self.tokens: dict[str, list[dict[str, Any]]] = {}
        self._transaction_ids = itertools.count(_FIRST_TRANSACTION_ID)

    def create(self, request: dict[str, Any], server_url: str) -> dict[str, Any]:
        """Validate like MultiSafepay does and store the order; returns the create answer
        (with the order's event-stream credentials, as MultiSafepay's carries them)."""
        order_id = _validate(request)
        if order_id in self.orders:
            raise FakeError(200, 1006, "Invalid order ID: already used for this site")
        session_id = secrets.token_urlsafe(24)
        payment_url = f"{server_url}/pay/{session_id}"
        events = {
            "events_token": secrets.token_urlsafe(32),
            "events_url": server_url.replace("http", "ws", 1) + "/events/",
            "events_stream_url": f"{server_url}/events/stream/",
        }
        customer = dict(request.get("customer") or {})
        if "phone" in customer:
            customer["phone1"] = customer.pop("phone")
        created = _now()
        order: dict[str, Any] = {
            "transaction_id": next(self._transaction_ids),
            "order_id": order_id,
            "created": created,
            "modified": created,
            "currency": request["currency"],
            "amount": request["amount"],
            "amount_refunded": 0,
            "description": request["description"],
            "items": request.get("items"),
            "var1": request.get("var1"),
            "var2": request.get("var2"),
            "var3": request.get("var3"),
            "fastcheckout": "NO",
            "status": "initialized",
            "financial_status": "initialized",
            "reason": "",
            "reason_code": "",
            "custom_info": request.get("custom_info")
            or {"custom_1": None, "custom_2": None, "custom_3": None},
            "customer": customer,
            "payment_details": {
                "type": request.get("gateway") or None,
                "account_holder_name": None,
                "external_transaction_id": None,
                "recurring_id": None,
            },
            "payment_methods": [],
            "costs": [],
            "related_transactions": None,
            "payment_options": request.get("payment_options") or {},
            "shopping_cart": request.get("shopping_cart"),
            "request": {k: request.get(k) for k in ("capture", "recurring_model", "gateway")},
            "session_id": session_id,
            "payment_url": payment_url,
            "events": events,
        }
        self.orders[order_id] = order
        if request.get("type", "redirect") == "direct":
            return self.public(order_id) | {"payment_url": payment_url} | events
        return {"order_id": order_id, "payment_url": payment_url, "session_id": session_id} | events

    def public(self, order_id: str) -> dict[str, Any]:
        """The order as `GET /orders/{order_id}` returns it."""
        order = self.orders.get(order_id)
        if order is None:
            raise FakeError(404, 1006, "Invalid transaction ID")
        hidden = {"payment_options", "session_id", "payment_url", "request", "events"}
        return {k: v for k, v in order.items() if k not in hidden}

    def by_events_token(self, token: str) -> str | None:
        for order_id, order in self.orders.items():
            if secrets.compare_digest(order["events"]["events_token"], token):
                return order_id
        return None

    def by_session(self, session_id: str) -> str | None:
        for order_id, order in self.orders.items():
            if order["session_id"] == session_id:
                return order_id
        return None

    def apply(self, order_id: str, action: str, amount: int | None = None) -> dict[str, Any]:
        """Move an order: complete, uncleared, decline, expire, cancel, void, ship,
        chargeback, or refund (fully, or `amount` minor units)."""
        if order_id not in self.orders:
            raise FakeError(404, 1006, "Invalid transaction ID")
        order = self.orders[order_id]
        if action == "refund":
            self._refund(order, amount)
        elif action in _TRANSITIONS:
            status, financial, allowed = _TRANSITIONS[action]
            if order["status"] not in allowed:
                raise FakeError(409, 1000, f"Cannot {action} an order that is {order['status']}")
            order["status"], order["financial_status"] = status, financial
            if action == "complete":
                self._pay(order)
        else:
            raise FakeError(404, 1000, f"Unknown action {action!r}")
        order["modified"] = _now()
        return self.public(order_id)

    def _pay(self, order: dict[str, Any]) -> None:
        order["completed"] = _now()
        request = order["request"]
        if request.get("capture") == "manual":  # authorised only, until captured
            order["financial_status"] = "initialized"
            order["payment_details"].update(capture="manual", capture_remain=order["amount"])
        reference = (order["customer"] or {}).get("reference")
        if request.get("recurring_model") and reference:
            self.tokens.setdefault(reference, []).append(
                {
                    "token": secrets.token_urlsafe(8),
                    "code": request.get("gateway") or "VISA",
                    "display": "Card xxxx xxxx xxxx 1111",
                    "bin": 411111,
                    "name_holder": "John Doe",
                    "expiry_date": 3012,
                    "expired": 0,
                    "last4": 1111,
                    "recurring_model": request["recurring_model"],
                }
            )
        gateway = order["payment_details"]["type"] or "IDEAL"
        order["payment_details"].update(
            type=gateway,
            account_holder_name="John Doe",
            external_transaction_id=str(next(self._transaction_ids)),
        )
        order["payment_methods"] = [
            {
                "type": gateway,
                "status": "completed",
                "amount": order["amount"],
                "currency": order["currency"],
                "description": order["description"],
                "external_transaction_id": order["payment_details"]["external_transaction_id"],
            }
        ]
        # Order costs are decimal major units, unlike every amount around them.
        order["costs"] = [
            {
                "transaction_id": next(self._transaction_ids),
                "amount": 0.44,
                "description": f"0.44 For {gateway} Transactions",
                "type": "SYSTEM",
            }
        ]

    def _refund(
        self, order: dict[str, Any], amount: int | None, status: str = "completed"
    ) -> dict[str, Any]:
        if order["status"] not in ("completed", "shipped", "partial_refunded"):
            raise FakeError(422, 1034, "Cannot refund an order that is not paid")
        refundable = order["amount"] - order["amount_refunded"]
        amount = refundable if amount is None else amount
        if type(amount) is not int or not 0 < amount <= refundable:
            raise FakeError(422, 1034, f"Cannot refund {amount!r}: refundable is {refundable}")
        order["amount_refunded"] += amount
        full = order["amount_refunded"] == order["amount"]
        order["status"] = "refunded" if full else "partial_refunded"
        related = order["related_transactions"] or []
        refund: dict[str, Any] = {
            "transaction_id": next(self._transaction_ids),
            "type": "refund",
            "status": status,
            "amount": amount,
            "currency": order["currency"],
            "description": f"Refund order {order['order_id']}",
            "created": _now(),
            "modified": _now(),
            "costs": [],
        }
        related.append(refund)
        order["related_transactions"] = related
        return refund


def _validate(request: dict[str, Any]) -> str:
    """The checks MultiSafepay makes, with its error codes (api-facts §6)."""
    missing = [k for k in ("order_id", "currency", "amount", "description") if k not in request]
    if missing:
        raise FakeError(200, 1016, f"Missing data: {', '.join(missing)}")
    order_id = request["order_id"]
    if type(order_id) is int:
        order_id = str(order_id)
    if not isinstance(order_id, str) or not 0 < len(order_id) <= 50:
        raise FakeError(200, 1006, "Invalid order ID")
    amount = request["amount"]
    if type(amount) is not int or amount < 0:
        raise FakeError(200, 1001, "Invalid amount")
    if request["currency"] not in CURRENCIES:
        raise FakeError(200, 1002, "Invalid currency")
    description = request["description"]
    if not isinstance(description, str) or not 0 < len(description) <= 200:
        raise FakeError(200, 1008, "Invalid description")
    if request.get("type", "redirect") not in ORDER_TYPES:
        raise FakeError(200, 1000, "Invalid order type")
    return order_id


SITE_ID = 20_000_001


class AccountState:
    """What the account calls change: holds, expiries and files per order, the sites."""

    def __init__(self) -> None:
        self.holds: dict[str, str] = {}
        self.expiries: dict[str, str] = {}
        self.files: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
        self.sites: dict[int, dict[str, Any]] = {
            SITE_ID: {
                "id": SITE_ID,
                "account_id": 10_000_001,
                "name": "Fake Shop",
                "url": "https://shop.example",
                "notification_url": "https://shop.example/notify",
                "price_from": 0,
                "price_till": 100_000,
                "support_email": "support@shop.example",
                "support_phone": "+31201234567",
                "api_key": "fake-site-api-key-0000",
            }
        }
