"""The `multisafepay-async` command line (also `python -m multisafepay_async`)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="multisafepay-async", description="MultiSafepay from the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="run a batch of orders against the embedded fake MultiSafepay (offline)"
    )
    demo.add_argument("--orders", type=int, default=40, help="how many orders (default 40)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from ._demo import run_demo  # needs the testing extra (uvicorn)

        return asyncio.run(run_demo(orders=args.orders))
    return 2  # pragma: no cover - argparse rejects unknown commands first
