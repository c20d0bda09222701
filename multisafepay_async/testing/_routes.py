"""The fake's API routes beyond create/get: order operations, transactions, catalogue,
recurring tokens, account. Each handler takes (store, match, body, query) and returns `data`."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from typing import Any, NamedTuple

from . import _catalog
from ._operations import FakeStore as OrderStore
from ._state import FakeError

__all__ = ["Paged", "json_object", "on", "route"]


class Paged(NamedTuple):
    """A listing answer: `data` plus the envelope's `pager`."""

    data: list[dict[str, Any]]
    pager: dict[str, Any]


Handler = Callable[[OrderStore, "re.Match[str]", dict[str, Any], dict[str, str]], Any]
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def on(method: str, pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for `method` on paths matching `pattern` (a regex)."""

    def register(handler: Handler) -> Handler:
        _ROUTES.append((method, re.compile(f"^{pattern}$"), handler))
        return handler

    return register


def route(store: OrderStore, method: str, path: str, body: bytes, query: dict[str, str]) -> Any:
    """The `data` of the answer to `method path`; raises FakeError(404) for unknown routes."""
    for route_method, pattern, handler in _ROUTES:
        match = pattern.match(path)
        if match and route_method == method:
            return handler(store, match, json_object(body), query)
    raise FakeError(404, 1000, "Not found")


def json_object(body: bytes) -> dict[str, Any]:
    """A request body as a JSON object (empty: {}), or MultiSafepay's 1016 error."""
    if not body:
        return {}
    try:
        data = json.loads(body)
    except ValueError:
        raise FakeError(200, 1016, "Missing data: the body is not JSON") from None
    if not isinstance(data, dict):
        raise FakeError(200, 1016, "Missing data: the body is not a JSON object")
    return data


_ID = r"(?P<id>[^/]+)"


@on("PATCH", f"/orders/{_ID}")
def _update(store: OrderStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    return store.update(m["id"], body)


@on("POST", f"/orders/{_ID}/refunds")
def _refund(store: OrderStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    return store.refund_request(m["id"], body)


@on("PATCH", f"/orders/{_ID}/refunds/(?P<refund>[^/]+)")
def _cancel_refund(store: OrderStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    return store.cancel_refund(m["id"], m["refund"], body)


@on("POST", f"/orders/{_ID}/capture")
def _capture(store: OrderStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    return store.capture(m["id"], body)


@on("PATCH", f"/capture/{_ID}")
def _cancel_reservation(store: OrderStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    return store.cancel_reservation(m["id"], body)


@on("GET", "/transactions")
def _transactions(store: OrderStore, _: Any, __: Any, query: dict[str, str]) -> Any:
    data, pager = store.transaction_page(query)
    return Paged(data, pager)


@on("GET", f"/transactions/{_ID}")
def _transaction(store: OrderStore, m: re.Match[str], _: Any, __: Any) -> Any:
    return store.transaction(m["id"])


@on("GET", "/gateways")
def _gateways(*_: Any) -> Any:
    return _catalog.GATEWAYS


@on("GET", f"/gateways/{_ID}")
def _gateway(_: Any, m: re.Match[str], *__: Any) -> Any:
    return _one(_catalog.GATEWAYS, "id", m["id"])


@on("GET", f"/issuers/{_ID}")
def _issuers(_: Any, m: re.Match[str], *__: Any) -> Any:
    if m["id"].upper() not in _catalog.ISSUERS:
        raise FakeError(404, 1023, "No issuers for this gateway")
    return _catalog.ISSUERS[m["id"].upper()]


@on("GET", "/categories")
def _categories(*_: Any) -> Any:
    return _catalog.CATEGORIES


@on("GET", "/payment-methods")
def _methods(*_: Any) -> Any:
    return [_catalog.payment_method(g) for g in _catalog.GATEWAYS]


@on("GET", f"/payment-methods/{_ID}")
def _method(_: Any, m: re.Match[str], *__: Any) -> Any:
    return _catalog.payment_method(_one(_catalog.GATEWAYS, "id", m["id"], code=1023))


@on("GET", "/recurring/(?P<ref>[^/]+)")
def _tokens(store: OrderStore, m: re.Match[str], _: Any, query: dict[str, str]) -> Any:
    tokens = store.tokens.get(m["ref"], [])
    offset, limit = int(query.get("offset", 0)), int(query.get("limit", 10))
    return {"tokens": tokens[offset : offset + limit]}


@on("GET", "/recurring/(?P<ref>[^/]+)/token/(?P<token>[^/]+)")
def _token(store: OrderStore, m: re.Match[str], *_: Any) -> Any:
    return _one(store.tokens.get(m["ref"], []), "token", m["token"], status=410)


@on("PATCH", "/recurring/(?P<ref>[^/]+)/update/(?P<token>[^/]+)")
def _token_update(store: OrderStore, m: re.Match[str], body: dict[str, Any], _: Any) -> Any:
    token = _one(store.tokens.get(m["ref"], []), "token", m["token"], status=410)
    token["expiry_date"] = int(body["expiry_date"])
    return {"updated": True}


@on("DELETE", "/recurring/(?P<ref>[^/]+)/remove/(?P<token>[^/]+)")
def _token_delete(store: OrderStore, m: re.Match[str], *_: Any) -> Any:
    tokens = store.tokens.get(m["ref"], [])
    tokens.remove(_one(tokens, "token", m["token"], status=410))
    return {"removed": True}


@on("POST", f"/orders/{_ID}/cancel")
def _cancel(store: OrderStore, m: re.Match[str], *_: Any) -> Any:
    store.apply(m["id"], "cancel")
    order = store.public(m["id"])
    # As MultiSafepay answers (the spec's example): no order_id, no methods is null.
    return {k: v for k, v in order.items() if k != "order_id"} | {
        "payment_methods": order["payment_methods"] or None
    }


@on("GET", "/terminals")
def _terminals(store: OrderStore, *_: Any) -> Any:
    return Paged(store.terminals, {"total_items": len(store.terminals)})


@on("GET", "/terminal-groups/(?P<group>[^/]+)/terminals")
def _group_terminals(store: OrderStore, m: re.Match[str], *_: Any) -> Any:
    found = [t for t in store.terminals if str(t["group_id"]) == m["group"]]
    return Paged(found, {"total_items": len(found)})


@on("POST", "/terminals")
def _create_terminal(store: OrderStore, _: Any, body: dict[str, Any], __: Any) -> Any:
    if body.get("provider") != "CTAP" or not body.get("group_id"):
        raise FakeError(200, 1016, "Missing data: provider and group_id")
    terminal = {
        "id": f"0000{secrets.token_hex(5).upper()}",
        "provider": body["provider"],
        "name": body.get("name") or "Terminal",
        "group_id": body["group_id"],
        "active": True,
        "country": "NL",
        "created": "2026-01-01T10:00:00",
    }
    store.terminals.append(terminal)
    return terminal


@on("GET", f"/pos/receipt/{_ID}")
def _receipt(store: OrderStore, m: re.Match[str], *_: Any) -> Any:
    order = store.public(m["id"])
    return {
        "merchant": {"name": "Fake Shop B.V.", "address": "Kraanspoor 39, Amsterdam"},
        "order": {k: order[k] for k in ("amount", "currency", "transaction_id", "status")},
    }


@on("POST", "/wallets/sessions/applepay")
def _apple_pay(_: Any, __: Any, body: dict[str, Any], ___: Any) -> Any:
    if not body.get("validation_url") or not body.get("origin_domain"):
        raise FakeError(200, 1016, "Missing data: validation_url and origin_domain")
    return {"session": json.dumps({"merchantSessionIdentifier": secrets.token_hex(8)})}


@on("GET", "/me")
def _me(*_: Any) -> Any:
    return {"account_id": 10_000_001, "role": "merchant", "site_id": 20_000_001}


@on("GET", "/auth/api_token")
def _api_token(*_: Any) -> Any:
    return {"api_token": f"pub.v2.{secrets.token_urlsafe(24)}"}


def _one(
    items: list[dict[str, Any]], key: str, value: str, *, code: int = 1000, status: int = 404
) -> dict[str, Any]:
    for item in items:
        if str(item[key]).upper() == value.upper():
            return item
    raise FakeError(status, code, "Not found")
