"""The command line: batch status lookups with progress, CSV/JSONL, summary and exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from multisafepay_async._batch import BatchProgress
from multisafepay_async._cli_status import _Progress, read_ids
from multisafepay_async.cli import KEY_VARIABLE, json_safe, main

from .conftest import API_KEY


@pytest.fixture
def api(fault_process: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(KEY_VARIABLE, API_KEY)
    return fault_process + "/v1/json"


def test_status_reads_a_file_and_writes_csv(
    api: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# ids to check\nok~1\n\nok~2\nok~3\n")
    out = tmp_path / "out.csv"
    code = main(["orders", "status", str(ids), "--base-url", api, "-o", str(out)])
    assert code == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "order_id,status,financial_status,amount,currency,error_type,error"
    assert sorted(lines[1:]) == [f"ok~{i},completed,completed,1000,EUR,," for i in (1, 2, 3)]
    err = capsys.readouterr().err
    assert "3 orders in" in err and "0 failed" in err and "completed" in err


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_status_from_stdin_as_json_lines_fails_when_a_lookup_fails(
    api: str, backend: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ok~a\n404~gone\n"))
    code = main(["orders", "status", "--format", "jsonl", "--base-url", api, "--backend", backend])
    assert code == 1
    captured = capsys.readouterr()
    rows = {r["order_id"]: r for r in map(json.loads, captured.out.splitlines())}
    assert rows["ok~a"]["status"] == "completed" and rows["ok~a"]["error"] is None
    assert rows["404~gone"]["error_type"] == "NotFoundError"
    assert "1 failed" in captured.err and "NotFoundError" in captured.err
    assert API_KEY not in captured.out + captured.err


def test_get_prints_one_order_as_json(api: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["orders", "get", "ok~x", "--base-url", api]) == 0
    order = json.loads(capsys.readouterr().out)
    assert order["order_id"] == "ok~x" and order["status"] == "completed"
    # Ids as strings: JavaScript and jq would read 17472052901237122 as ...120.
    assert order["transaction_id"] == "17472052901237122"
    assert order["costs"][0]["transaction_id"] == "1101231786"
    assert order["amount"] == 1000  # amounts stay numbers


def test_json_safe_writes_ids_and_integers_past_2_53_as_strings() -> None:
    value = {"transaction_id": 5, "amount": 2**53 + 1, "items": [{"refund_id": 7, "n": 3}]}
    assert json_safe(value) == {
        "transaction_id": "5",
        "amount": str(2**53 + 1),
        "items": [{"refund_id": "7", "n": 3}],
    }


def test_get_reports_api_errors_with_exit_code_1(
    api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["orders", "get", "503~down", "--base-url", api]) == 1
    assert "error: GET /orders/503~down: HTTP 503" in capsys.readouterr().err


def test_without_a_key_in_the_environment_and_no_terminal_it_refuses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    assert main(["orders", "get", "x"]) == 2
    assert KEY_VARIABLE in capsys.readouterr().err


def test_the_key_is_never_a_command_line_argument() -> None:
    with pytest.raises(SystemExit):
        main(["orders", "get", "x", "--api-key", "secret"])


def test_ids_are_read_lazily_skipping_blanks_and_comments() -> None:
    lines = iter(["a\n", "  \n", "# note\n", " b \n"])
    ids = read_ids(lines)
    assert next(ids) == "a" and next(lines) == "  \n"  # nothing read ahead
    assert list(ids) == ["b"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise() -> None:
    progress = BatchProgress(done=500, failed=2, in_flight=10, elapsed=2.0)
    bar = _Progress(_Terminal(), total=1000)
    assert bar._render(progress) == (
        "\r[###############...............] 500/1,000 done, 250/s, 2 errors, ETA 2s\x1b[K"
    )
    plain = _Progress(io.StringIO(), total=None)
    assert plain._render(progress) == "progress: 500 done, 250/s, 2 errors\n"
