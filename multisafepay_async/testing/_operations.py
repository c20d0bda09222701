"""Order operations and the transaction ledger of the fake, on top of `OrderStore`."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ._state import AccountState, FakeError, OrderStore, _now

__all__ = ["DUPLICATE_REFUND_WINDOW", "FakeStore"]

#: Seconds in which MultiSafepay refuses a second refund of the same amount (error 1034).
DUPLICATE_REFUND_WINDOW = 300.0


class FakeStore(OrderStore):
    """`OrderStore` plus what `PATCH /orders`, refunds, captures and `/transactions` need."""

    def __init__(self) -> None:
        super().__init__()
        self.terminals: list[dict[str, Any]] = []
        self.account = AccountState()
        #: The clock refunds are de-duplicated by (a test may move it on).
        self.clock: Callable[[], float] = time.monotonic
        self._refunded: dict[tuple[str, int | None], float] = {}  # (order, amount) -> when

    def _order(self, order_id: str) -> dict[str, Any]:
        if order_id not in self.orders:
            raise FakeError(410, 1000, "Not found")  # what operations on unknown orders get
        return self.orders[order_id]

    def update(self, order_id: str, body: dict[str, Any]) -> dict[str, Any]:
        order = self._order(order_id)
        status = body.get("status")
        if status == "shipped":
            self.apply(order_id, "ship")
        elif status == "cancelled":
            self.apply(order_id, "cancel")
        elif status is not None:
            raise FakeError(200, 1000, f"Cannot set status {status!r}")
        for key in ("invoice_id", "invoice_url", "tracktrace_code", "carrier", "po_number"):
            if key in body:
                order.setdefault("shipping", {})[key] = body[key]
        return {}

    def refund_request(self, order_id: str, body: dict[str, Any]) -> dict[str, Any]:
        order = self._order(order_id)
        if "checkout_data" not in body and "currency" not in body:
            raise FakeError(200, 1002, "Invalid currency: currency is required")  # the spec's
        if body.get("currency") not in (None, order["currency"]):
            raise FakeError(200, 1002, "Invalid currency")
        amount = body.get("amount")
        if "checkout_data" in body:  # BNPL: the negative cart lines are what is refunded
            lines = body["checkout_data"].get("items") or []
            value = sum(Decimal(str(i["unit_price"])) * int(i["quantity"]) for i in lines)
            amount = int((-min(value - _cart_value(order), Decimal(0))) * 100)
        # MultiSafepay refuses a refund of the same amount within 5 minutes as a duplicate.
        now, key = self.clock(), (order_id, amount)
        if now - self._refunded.get(key, -DUPLICATE_REFUND_WINDOW) < DUPLICATE_REFUND_WINDOW:
            raise FakeError(422, 1034, "Cannot refund: the same amount was refunded within 5 min")
        # Refunds on the test environment wait (reserved) until approved; cancellable till then.
        refund = self._refund(order, amount, status="reserved")
        self._refunded[key] = now
        order["modified"] = refund["created"]
        return {"transaction_id": refund["transaction_id"], "refund_id": refund["transaction_id"]}

    def cancel_refund(self, order_id: str, refund_id: str, body: dict[str, Any]) -> dict[str, Any]:
        order = self._order(order_id)
        for refund in order["related_transactions"] or []:
            if str(refund["transaction_id"]) == refund_id and refund["type"] == "refund":
                if (
                    refund["status"] not in ("reserved", "initialized")
                    or body.get("status") != "void"
                ):
                    raise FakeError(200, 1034, f"Cannot cancel a {refund['status']} refund")
                refund["status"] = "void"
                order["amount_refunded"] -= refund["amount"]
                order["status"] = "partial_refunded" if order["amount_refunded"] else "completed"
                return {}
        raise FakeError(404, 1000, "Refund not found")

    def capture(self, order_id: str, body: dict[str, Any]) -> dict[str, Any]:
        order = self._order(order_id)
        details = order["payment_details"]
        remain = details.get("capture_remain")
        amount = body.get("amount")
        if details.get("capture") != "manual" or order["financial_status"] != "initialized":
            raise FakeError(200, 1000, "The order is not an authorised manual-capture order")
        if type(amount) is not int or not 0 < amount <= remain:
            raise FakeError(200, 1001, f"Invalid amount: {remain} can be captured")
        details["capture_remain"] = remain - amount
        if details["capture_remain"] == 0:
            order["financial_status"] = "completed"
        order["modified"] = _now()
        return {"transaction_id": next(self._transaction_ids), "order_id": order_id}

    def cancel_reservation(self, order_id: str, body: dict[str, Any]) -> dict[str, Any]:
        order = self._order(order_id)
        if body.get("status") != "cancelled" or not body.get("reason"):
            raise FakeError(200, 1016, "Missing data: status 'cancelled' and a reason")
        if order["financial_status"] != "initialized" or order["status"] != "completed":
            raise FakeError(200, 1000, "Nothing authorised to cancel")
        order["status"] = order["financial_status"] = "void"
        order["modified"] = _now()
        return {}

    def ledger(self) -> list[dict[str, Any]]:
        """Every payment and refund as `/transactions` lists them, newest first."""
        entries = []
        for order in self.orders.values():
            base = {
                "order_id": order["order_id"],
                "site_id": 20_000_001,
                "currency": order["currency"],
                "payment_method": order["payment_details"]["type"],
                "description": order["description"],
                "customer": {
                    k: order["customer"].get(k) for k in ("email", "first_name", "last_name")
                },
                "var1": order["var1"],
                "var2": order["var2"],
                "var3": order["var3"],
            }
            fee = 44 if order.get("costs") else 0  # cents here, unlike order costs
            entries.append(
                {
                    **base,
                    "transaction_id": order["transaction_id"],
                    "type": "payment",
                    "amount": order["amount"],
                    "net": order["amount"] - fee,
                    "costs": [{"amount": fee, "description": "transaction fee"}] if fee else [],
                    "status": order["status"],
                    "financial_status": order["financial_status"],
                    "debit_credit": "C",
                    "created": order["created"],
                    "completed": order.get("completed"),
                }
            )
            for refund in order["related_transactions"] or []:
                entries.append(
                    {
                        **base,
                        "transaction_id": refund["transaction_id"],
                        "type": "refund",
                        "amount": refund["amount"],
                        "net": refund["amount"],
                        "costs": [],
                        "status": refund["status"],
                        "financial_status": refund["status"],
                        "debit_credit": "D",
                        "created": refund["created"],
                    }
                )
        entries.sort(key=lambda e: (e["created"], e["transaction_id"]), reverse=True)
        return entries

    def transaction(self, transaction_id: str) -> dict[str, Any]:
        for entry in self.ledger():
            if str(entry["transaction_id"]) == transaction_id:
                return entry
        raise FakeError(404, 1000, "Not found")

    def transaction_page(
        self, query: dict[str, str]
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """(data, pager): cursor pages; the last page with data still points to an empty one,
        as MultiSafepay documents."""
        entries = [e for e in self.ledger() if _matches(e, query)]
        limit = int(query.get("limit", 100))
        if not 1 <= limit <= 1000:
            raise FakeError(400, 1000, "limit must be 1..1000")
        start = int(query["after"].removeprefix("c")) if "after" in query else 0
        page = entries[start : start + limit]
        if not page:
            return [], {"limit": limit}
        cursor = {"after": f"c{start + limit}", "before": f"c{max(start - limit, 0)}"}
        return page, {"limit": limit, "cursor": cursor}


def _cart_value(order: dict[str, Any]) -> Decimal:
    items = (order.get("shopping_cart") or {}).get("items") or []
    return sum((Decimal(str(i["unit_price"])) * int(i["quantity"]) for i in items), Decimal(0))


def _matches(entry: dict[str, Any], query: dict[str, str]) -> bool:
    for key in ("status", "financial_status", "type", "payment_method", "currency", "debit_credit"):
        if key in query and str(entry.get(key)) not in query[key].split(","):  # any of them
            return False
    created = str(entry["created"])
    if "created_from" in query and created < query["created_from"]:
        return False
    return not ("created_until" in query and created >= query["created_until"])
