"""`orders status`: look up many orders with get_many, report progress, write rows, summarise."""

from __future__ import annotations

import contextlib
import csv
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

import attrs

from ._batch import BatchProgress, BatchResult
from ._client import AsyncClient
from .errors import AuthenticationError
from .models.order import Order

__all__ = ["StatusSummary", "read_ids", "run_status"]

Format = Literal["csv", "jsonl"]
COLUMNS = ("order_id", "status", "financial_status", "amount", "currency", "error_type", "error")


def read_ids(lines: Iterable[str]) -> Iterator[str]:
    """Order ids, one per line; blank lines and `#` comments skipped. Lazy: never a list."""
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            yield text


@attrs.define
class StatusSummary:
    """Counted as results arrive, so that an interrupted run can still say how far it got."""

    by_status: Counter[str] = attrs.field(factory=Counter)
    by_error: Counter[str] = attrs.field(factory=Counter)
    done: int = 0
    elapsed: float = 0.0
    total: int | None = None
    #: Why the run stopped early: the API key was refused (401, 403, error 1032).
    refused: str | None = None

    @property
    def failed(self) -> int:
        return sum(self.by_error.values())

    def lines(self) -> list[str]:
        rate = self.done / self.elapsed if self.elapsed else 0.0
        out = [f"{self.done} orders in {self.elapsed:.2f}s ({rate:,.0f}/s), {self.failed} failed"]
        out += [f"  {status:<18} {count:>8}" for status, count in self.by_status.most_common()]
        out += [f"  {name:<18} {count:>8}  (error)" for name, count in self.by_error.most_common()]
        return out


def _row(result: BatchResult[Order]) -> dict[str, Any]:
    order, error = result.order, result.error
    return {
        "order_id": result.order_id,
        "status": order.raw_status if order else None,
        "financial_status": order.raw_financial_status if order else None,
        "amount": order.amount if order else None,
        "currency": order.currency if order else None,
        "error_type": type(error).__name__ if error else None,
        "error": str(error) if error else None,
    }


class _Progress:
    """A live bar on a terminal; a plain line every `every` seconds otherwise."""

    def __init__(self, stream: TextIO | None, total: int | None, every: float = 2.0) -> None:
        self.stream = stream
        self.total = total
        self.tty = bool(stream and stream.isatty())
        self.every = every
        self.last = time.monotonic()  # the first line after `every`, not at once

    def __call__(self, progress: BatchProgress) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.last < (0.1 if self.tty else self.every):
            return
        self.last = now
        self.stream.write(self._render(progress))
        self.stream.flush()

    def _render(self, p: BatchProgress) -> str:
        counts = f"{p.done:,}" + (f"/{self.total:,}" if self.total else "")
        text = f"{counts} done, {p.rate:,.0f}/s, {p.failed} errors"
        if self.total and p.rate:
            text += f", ETA {max(self.total - p.done, 0) / p.rate:.0f}s"
        if not self.tty:
            return f"progress: {text}\n"
        if self.total:
            filled = int(30 * p.done / self.total)
            text = f"[{'#' * filled}{'.' * (30 - filled)}] {text}"
        return f"\r{text}\033[K"

    def finish(self) -> None:
        if self.stream is not None and self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


async def run_status(
    client: AsyncClient,
    ids: Iterable[str],
    *,
    out: TextIO,
    fmt: Format = "csv",
    concurrency: int | None = None,
    progress: TextIO | None = None,
    summary: StatusSummary | None = None,
) -> StatusSummary:
    """Look up every id, write one row per id to `out`, and return the summary (`summary`,
    when given, is filled in as results arrive). A refused API key stops the run at once:
    every other lookup would fail the same way."""
    summary = summary if summary is not None else StatusSummary()
    writer = csv.DictWriter(out, COLUMNS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    bar = _Progress(progress, summary.total)
    started = time.perf_counter()
    results = client.orders.get_many(ids, concurrency=concurrency, on_progress=bar)
    try:
        async with contextlib.aclosing(results):
            async for result in results:
                row = _row(result)
                if writer is not None:
                    writer.writerow(row)
                else:
                    out.write(json.dumps(row) + "\n")
                summary.done += 1
                summary.elapsed = time.perf_counter() - started
                if result.error is not None:
                    summary.by_error[type(result.error).__name__] += 1
                    if isinstance(result.error, AuthenticationError):
                        summary.refused = str(result.error)
                        break
                elif result.order is not None:
                    summary.by_status[str(result.order.status)] += 1
    finally:
        out.flush()
        bar.finish()
    return summary
