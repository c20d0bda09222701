"""The offline demo runs end to end and prints its summary."""

from __future__ import annotations

import pytest

from multisafepay_async._demo import run_demo
from multisafepay_async.cli import main


async def test_the_demo_creates_pays_and_summarises(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_demo(orders=40) == 0
    out = capsys.readouterr().out
    assert "Created 40 orders" in out and "Looking up all 40 orders with get_many" in out
    assert "40 orders in" in out and "0 failed" in out
    assert "order_id,status,financial_status,amount,currency,error_type,error" in out
    assert "completed" in out and "declined" in out and "expired" in out
    assert "partial_refunded" in out
    assert "signed notifications delivered and verified" in out
    assert "1 forged one refused (401)" in out
    assert "before any I/O: invalid order request: $.amount" in out
    assert "HTTP 404, error 1006" in out


def test_the_cli_runs_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--orders", "12"]) == 0
    assert "Created 12 orders" in capsys.readouterr().out
