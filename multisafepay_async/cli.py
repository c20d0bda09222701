"""The `multisafepay-async` command line (also `python -m multisafepay_async`).

    multisafepay-async --version
    multisafepay-async demo
    multisafepay-async fake [--port N] [--orders N]
    multisafepay-async orders get ORDER_ID
    multisafepay-async orders status [FILE | -] [--format csv|jsonl] [--output FILE]

The API key comes from `MULTISAFEPAY_API_KEY` or a hidden prompt, never from an argument
(arguments land in shell history and process lists).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from ._cli_status import StatusSummary, read_ids, run_status
from ._client import AsyncClient
from ._convert import converter
from ._extras import MissingExtraError
from ._settings import API_KEY_VARIABLE
from ._version import __version__
from .errors import MultiSafepayError

__all__ = ["main"]

KEY_VARIABLE = API_KEY_VARIABLE  # the client's own setting: one name for both


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one line on stderr and exit 2, before any output or request."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="multisafepay-async", description="MultiSafepay from the command line.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    demo = commands.add_parser(
        "demo", help="run a batch of orders against the embedded fake MultiSafepay (offline)"
    )
    demo.add_argument("--orders", type=_positive, default=40, help="how many orders (default 40)")
    fake = commands.add_parser("fake", help="serve the fake MultiSafepay, seeded with orders")
    fake.add_argument("--port", type=int, default=8080, help="port (default 8080; 0: any free)")
    fake.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    fake.add_argument("--orders", type=int, default=20, help="orders to seed (default 20)")

    orders = commands.add_parser("orders", help="look orders up").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    get = orders.add_parser("get", help="print one order as JSON")
    get.add_argument("order_id")
    status = orders.add_parser("status", help="look up many orders (ids one per line)")
    status.add_argument("ids", nargs="?", default="-", help="file of order ids, or - for stdin")
    status.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    status.add_argument("--output", "-o", help="write rows here instead of stdout")
    status.add_argument("--concurrency", type=_positive, default=None, help="lookups at once")
    status.add_argument("--no-progress", action="store_true", help="no progress on stderr")
    for sub in (get, status):
        sub.add_argument("--environment", choices=["test", "live"], default=None)
        sub.add_argument("--base-url", help="API base URL incl. /v1/json (a proxy, a fake)")
        sub.add_argument("--backend", choices=["httpx", "aiohttp"], default="httpx")
    return parser


def _api_key() -> str | None:
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if key:
        return key
    if not sys.stderr.isatty():
        return None
    return getpass.getpass("MultiSafepay API key: ").strip() or None


def _client(args: argparse.Namespace, key: str) -> AsyncClient:
    return AsyncClient(
        key, environment=args.environment, base_url=args.base_url, backend=args.backend
    )


async def _get(args: argparse.Namespace, key: str) -> int:
    async with _client(args, key) as client:
        order = await client.orders.get(args.order_id)
    print(json.dumps(json_safe(converter.unstructure(order)), indent=2, default=str))
    return 0


# JavaScript (and jq) read JSON numbers as doubles: integers past 2**53 silently change.
_EXACT_IN_A_DOUBLE = 2**53 - 1


def json_safe(value: Any, key: str = "") -> Any:
    """`value` with ids (`transaction_id`, `*_id`) and any integer a double cannot hold
    exactly written as strings, so no JSON reader loses a digit."""
    if isinstance(value, dict):
        return {k: json_safe(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if type(value) is int and (key.endswith("_id") or abs(value) > _EXACT_IN_A_DOUBLE):
        return str(value)
    return value


async def _status(
    args: argparse.Namespace, key: str, source: TextIO, out: TextIO, summary: StatusSummary
) -> int:
    total = None
    if source is not sys.stdin:  # a file can be counted cheaply first, for the ETA
        total = sum(1 for _ in read_ids(source))
        source.seek(0)
    summary.total = total
    async with _client(args, key) as client:
        await run_status(
            client,
            read_ids(source),
            out=out,
            fmt=args.format,
            concurrency=args.concurrency,
            progress=None if args.no_progress else sys.stderr,
            summary=summary,
        )
    for line in summary.lines():
        print(line, file=sys.stderr)
    if summary.refused is not None:  # a wrong key, or a test key on live: nothing would work
        print(f"error: stopped: {summary.refused}", file=sys.stderr)
        return 1
    return 1 if summary.failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from ._demo import run_demo

            return asyncio.run(run_demo(orders=args.orders))
        if args.command == "fake":
            from ._cli_fake import run_fake

            return asyncio.run(run_fake(host=args.host, port=args.port, orders=args.orders))
        return _orders(args)
    except MissingExtraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `... | head`: the reader has what it wanted; stop quietly
        # Python would report the pipe again when it flushes stdout on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a writer the pipe stopped


def _orders(args: argparse.Namespace) -> int:
    if args.action == "status" and args.ids != "-" and not os.path.isfile(args.ids):
        print(f"multisafepay-async: error: no such file: {args.ids}", file=sys.stderr)
        return 2
    key = _api_key()
    if key is None:
        print(f"error: set {KEY_VARIABLE} (or run in a terminal to be asked)", file=sys.stderr)
        return 2
    summary = StatusSummary()
    try:
        if args.action == "get":
            return asyncio.run(_get(args, key))
        with contextlib.ExitStack() as files:
            source = sys.stdin if args.ids == "-" else files.enter_context(open(args.ids))
            out = sys.stdout
            if args.output:
                out = files.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
            return asyncio.run(_status(args, key, source, out, summary))
    except MultiSafepayError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the rows written so far stay; say how far it got
        done = f"{summary.done:,}" + (f" of {summary.total:,}" if summary.total else "")
        print(f"\ninterrupted: {done} done", file=sys.stderr)
        for line in summary.lines():
            print(line, file=sys.stderr)
        return 130
