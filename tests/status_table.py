"""docs/statuses.md's table of every status x helper, generated from the enums themselves,
so the page cannot say something the code does not do.

    .venv/bin/python -m tests.status_table --write   # rewrite the tables in docs/statuses.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from multisafepay_async import FinancialStatus, OrderStatus

PAGE = Path(__file__).parent.parent / "docs" / "statuses.md"
HELPERS = ("is_paid", "is_pending", "has_failed", "money_may_move", "outcome_known")


def render(enum: type[OrderStatus] | type[FinancialStatus]) -> str:
    helpers = [h for h in HELPERS if hasattr(enum, h)]
    start, end = f"<!-- {enum.__name__}:start -->", f"<!-- {enum.__name__}:end -->"
    lines = [
        start,
        "| status | meaning | " + " | ".join(f"`{h}`" for h in helpers) + " |",
        "|---|---|" + "---|" * len(helpers),
    ]
    for status in enum:
        marks = ["yes" if getattr(status, h) else "" for h in helpers]
        lines.append(f"| `{status.value}` | {status.meaning} | " + " | ".join(marks) + " |")
    return "\n".join([*lines, end])


def in_page(text: str, enum: type[OrderStatus] | type[FinancialStatus]) -> str:
    name = enum.__name__
    found = re.search(f"<!-- {name}:start -->.*?<!-- {name}:end -->", text, re.S)
    return found.group(0) if found else ""


if __name__ == "__main__" and "--write" in sys.argv:
    text = PAGE.read_text()
    for enum in (OrderStatus, FinancialStatus):
        text = text.replace(in_page(text, enum), render(enum))
    PAGE.write_text(text)
