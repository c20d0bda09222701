"""The fake's merchant-account routes, with state: Pay After Delivery holds and expiry,
chargeback files, closing balances (from the orders' ledger), sites; and the partner routes,
which answer with the spec's examples (`_partner_examples`)."""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from ._operations import FakeStore
from ._partner_examples import EXAMPLES
from ._routes import on
from ._state import FakeError

__all__: list[str] = []  # routes only: they register themselves

_ID = r"(?P<id>[^/]+)"
_SITE_FIELDS = frozenset(
    {"name", "url", "notification_url", "price_from", "price_till"}
    | {"support_email", "support_phone"}
)
# Orders whose collection can be held: paid (or shipped) and not yet settled otherwise.
_HOLDABLE = frozenset({"completed", "shipped", "uncleared", "initialized"})


def _invalid(message: str) -> FakeError:
    return FakeError(422, 1000, f"Validation error: {message}")


def _later(seconds: int) -> str:
    return (datetime.now().replace(microsecond=0) + timedelta(seconds=seconds)).isoformat()


def _pad_order(store: FakeStore, order_id: str) -> dict[str, Any]:
    order = store._order(order_id)
    if order["status"] not in _HOLDABLE:
        raise _invalid(f"not possible for an order that is {order['status']}")
    return order


@on("POST", f"/pad/orders/{_ID}/onhold")
def _hold(store: FakeStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    _pad_order(store, m["id"])
    duration = body.get("duration", 864_000)  # MultiSafepay's default: 10 days
    if type(duration) is not int or duration < 60:
        raise _invalid("duration must be an integer of at least 60 seconds")
    store.account.holds[m["id"]] = _later(duration)
    return store.account.holds[m["id"]]


@on("POST", f"/pad/orders/{_ID}/autoexpire")
def _extend(store: FakeStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    _pad_order(store, m["id"])
    days = body.get("days", 30)
    if type(days) is not int or not 1 <= days <= 365:
        raise _invalid("days must be an integer from 1 to 365")
    store.account.expiries[m["id"]] = _later(days * 86_400)
    return store.account.expiries[m["id"]]


@on("POST", f"/orders/{_ID}/files")
def _file(store: FakeStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    store._order(m["id"])
    missing = [k for k in ("type", "base64", "name", "description") if not body.get(k)]
    if missing or body["type"] not in ("PDF", "JPEG", "PNG"):
        raise FakeError(200, 1016, f"Missing data: {', '.join(missing) or 'type'}")
    try:
        base64.b64decode(body["base64"], validate=True)
    except (binascii.Error, ValueError):
        raise FakeError(200, 1016, "Missing data: base64 is not base64") from None
    store.account.files[m["id"]].append({k: body[k] for k in ("type", "name", "description")})
    return {}


@on("GET", "/closing-balances")
def _closing_balances(store: FakeStore, _: Any, __: Any, query: dict[str, str]) -> Any:
    try:
        start = date.fromisoformat(query.get("from", "2000-01-01"))
        until = date.fromisoformat(query.get("until", date.today().isoformat()))
    except ValueError:
        raise _invalid("from and until are dates (YYYY-MM-DD)") from None
    if start > until:
        raise _invalid("from is after until")
    totals: defaultdict[str, int] = defaultdict(int)
    for entry in store.ledger():
        settled = entry["status"] in ("completed", "shipped") or entry["type"] == "refund"
        if settled and entry["created"][:10] <= until.isoformat():
            sign = -1 if entry["type"] == "refund" else 1
            totals[entry["currency"]] += sign * abs(int(entry["net"]))
    wanted = query.get("currency")
    return [
        {
            "account_id": 10_000_001,
            "currency": currency,
            "amount": amount,
            "amount_uncleared": 0,
            "payout_amount": 0,
            "closing_date": f"{until.isoformat()}T00:00:00Z",
            "status": "completed",
            "iban": "NL02ABNA0123456789",
            "bic": "ABNANL2A",
        }
        for currency, amount in sorted(totals.items())
        if wanted is None or currency == wanted.upper()
    ]


def _site(store: FakeStore, site_id: str) -> dict[str, Any]:
    site = store.account.sites.get(int(site_id)) if site_id.isdigit() else None
    if site is None:
        raise FakeError(404, 1000, "Not found")
    return site


@on("GET", f"/sites/{_ID}")
def _get_site(store: FakeStore, m: re.Match[str], *_: Any) -> Any:
    return _site(store, m["id"])


@on("PATCH", f"/sites/{_ID}")
def _update_site(store: FakeStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    site = _site(store, m["id"])
    unknown = sorted(set(body) - _SITE_FIELDS)
    if unknown:
        raise _invalid(f"unknown fields {', '.join(unknown)}")
    site.update(body)
    return site


def _example(data: Any) -> Any:
    def handler(*_: Any) -> Any:
        return data

    return handler


for (_method, _pattern), _data in EXAMPLES.items():
    on(_method, _pattern)(_example(_data))
