"""The README's API table, generated from the client's operations table (`OPERATIONS`), so
a method added, renamed or moved is in the README the day it is, or a test fails.

    .venv/bin/python -m tests.api_table --write   # rewrite the table in README.md
"""

from __future__ import annotations

import inspect
import re
import sys
import typing
from pathlib import Path
from types import NoneType
from typing import Any

from multisafepay_async import AsyncClient
from multisafepay_async.resources._base import OPERATIONS

README = Path(__file__).parent.parent / "README.md"
START, END = "<!-- operations:start -->", "<!-- operations:end -->"
KEYS = {
    "website": "website",
    "account": "account",
    "partner": "partner",
    "terminal group": "terminal group",
    "events token": "the order's `events_token`",
    "any": "any",
}
# Methods built on another method's operation, and the escape hatch.
MORE = [
    ("orders.get_many(order_ids)", "`GET /orders/{order_id}` per id", "`BatchResult`s", "website"),
    ("orders.wait(order)", "its events, or polls `GET /orders/{order_id}`", "`Order`", "website"),
    ("client.request(method, path)", "any", "`data` (into `cast_to`)", "any"),
]


# Methods that return an async iterator rather than one answer.
STREAMED = {
    "transactions.list": "async iterator of `Transaction` (`.pages()`)",
    "events.subscribe": "async iterator of `OrderEvent`",
}


def _answer(tp: Any) -> str:
    if tp is NoneType:
        return "None (confirmed)"
    if typing.get_origin(tp) is tuple:
        return f"tuple of `{typing.get_args(tp)[0].__name__}`"
    return f"`{tp.__name__}`"


ORDER = [
    "orders",
    "transactions",
    "events",
    "gateways",
    "issuers",
    "categories",
    "payment_methods",
    "tokens",
    "auth",
    "me",
    "pos",
    "terminals",
    "wallets",
    "sites",
    "closing_balances",
    "affiliates",
    "bank_accounts",
    "bank_statements",
    "ubos",
    "identity_docs",
]


def _position(name: str) -> tuple[int, int]:
    """Where a method sits: its resource's place above, then its place in the class (a
    class's own methods before those it inherits)."""
    from .conftest import API_KEY

    resource, _, method = name.rpartition(".")
    if not resource:
        return ORDER.index(name), 0
    cls = type(getattr(AsyncClient(API_KEY), resource))
    names = [n for c in cls.__mro__ for n in vars(c)]
    return ORDER.index(resource), names.index(method)


def _signature(name: str) -> str:
    """`orders.refund(order_id, refund)`: the method and its positional arguments."""
    from .conftest import public_methods

    parameters = inspect.signature(public_methods()[name]).parameters.values()
    positional = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD][1:]
    shown = "client.me" if name == "me" else name
    return f"{shown}({', '.join(positional)})"


def rows() -> list[tuple[str, ...]]:
    found = []
    ordered = sorted(OPERATIONS, key=lambda op: _position(op.name))
    for op in ordered:
        call = _signature(op.name)
        path = "/" + op.path
        spec = f"`{op.spec_id}`" if op.spec_id else "not in the spec"
        answer = STREAMED.get(op.name) or _answer(op.answer)
        found.append((call, f"`{op.method} {path}`", answer, KEYS[op.key], spec))
    found += [(*row, "") for row in MORE]
    return found


def render() -> str:
    lines = [
        START,
        "| method | endpoint | answer | key | spec operation |",
        "|---|---|---|---|---|",
        *[f"| `{c}` | {p} | {a} | {k} | {s} |" for c, p, a, k, s in rows()],
        END,
    ]
    return "\n".join(lines)


def in_readme(text: str) -> str:
    found = re.search(re.escape(START) + ".*?" + re.escape(END), text, re.S)
    return found.group(0) if found else ""


if __name__ == "__main__" and "--write" in sys.argv:
    text = README.read_text()
    README.write_text(text.replace(in_readme(text), render()))
