"""The command line: batch status lookups with progress, CSV/JSONL, summary and exit codes."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from multisafepay_async import __version__
from multisafepay_async._batch import BatchProgress
from multisafepay_async._cli_status import _Progress, read_ids
from multisafepay_async.cli import KEY_VARIABLE, json_safe, main
from multisafepay_async.testing import FakeMultiSafepay, serve

from .conftest import API_KEY, ROOT


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


# --- failing well ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["orders", "status", "no-such-ids.txt"], "no such file: no-such-ids.txt"),
        (["orders", "status", "-", "--concurrency", "0"], "must be at least 1"),
        (["orders", "status", "-", "--format", "xml"], "invalid choice: 'xml'"),
        (["orders", "frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2_before_anything_else(
    args: list[str], message: str, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main([*args, "--base-url", api] if args[1] != "frobnicate" else args)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], captured.err


def test_a_refused_key_stops_the_run_at_the_first_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeMultiSafepay(API_KEY)

    async def run() -> tuple[int, int]:
        async with serve(fake) as url:
            ids = tmp_path / "ids.txt"
            ids.write_text("\n".join(f"order-{i}" for i in range(2000)))
            monkeypatch.setenv(KEY_VARIABLE, "a-wrong-key-000000")
            args = ["orders", "status", str(ids), "--base-url", url + "/v1/json"]
            code = await asyncio.to_thread(main, [*args, "--concurrency", "5", "--no-progress"])
            return code, sum(fake.requests.values())

    code, requests = asyncio.run(run())
    assert code == 1 and requests <= 10  # not 2,000 failures one by one


def test_ctrl_c_prints_how_far_it_got_and_exits_130(fault_process: str, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(f"slow~{i}" for i in range(200)))
    out = tmp_path / "rows.csv"
    command = [
        sys.executable,
        "-m",
        "multisafepay_async",
        "orders",
        "status",
        str(ids),
        "--base-url",
        fault_process + "/v1/json",
        "--concurrency",
        "2",
        "-o",
        str(out),
    ]
    env = {**os.environ, KEY_VARIABLE: API_KEY}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(2.5)  # start-up, then a few rows at 0.3 s a lookup
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "interrupted:" in err and "of 200 done" in err
    rows = out.read_text().splitlines()[1:]
    assert rows and all(row.startswith("slow~") for row in rows)  # completed rows were kept


def test_version_prints_the_package_version() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "multisafepay_async", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert shown.returncode == 0 and shown.stdout == f"multisafepay-async {__version__}\n"


def test_a_reader_that_stops_early_ends_the_run_quietly(fault_process: str, tmp_path: Path) -> None:
    # `multisafepay-async orders status ids.txt | head -1`
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(f"order-{i}" for i in range(5000)))
    command = [sys.executable, "-m", "multisafepay_async", "orders", "status", str(ids)]
    command += ["--base-url", fault_process + "/v1/json", "--format", "jsonl"]
    env = {**os.environ, KEY_VARIABLE: API_KEY}
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert json.loads(process.stdout.readline())["order_id"].startswith("order-")
        process.stdout.close()  # what head does once it has its line
        err = process.stderr.read().decode()
        assert process.wait(timeout=30) == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err


def test_the_fake_subcommand_serves_seeded_orders_the_cli_can_read(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "multisafepay_async", "fake", "--port", "0", "--orders", "5"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        key = process.stdout.readline().split()[2]
        url = first.split(" on ")[1].split()[0]
        lookup = ["orders", "get", "fake-0001", "--base-url", url]
        get = subprocess.run(
            [sys.executable, "-m", "multisafepay_async", *lookup],
            env={**os.environ, KEY_VARIABLE: key},
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=30,
        )
        assert get.returncode == 0, get.stderr
        assert json.loads(get.stdout)["order_id"] == "fake-0001"
        lines = [process.stdout.readline() for _ in range(2)]
        pay = next(line.split()[1] for line in lines if line.startswith("Pay:"))
        page = httpx.get(pay, timeout=10)  # the payment page a browser would open
        assert page.headers["content-type"].startswith("text/html")
        assert 'data-action="complete"' in page.text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 130


def test_a_missing_extra_gives_one_line_naming_the_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if it were not installed
    assert main(["demo", "--orders", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "error: uvicorn is not installed: pip install 'multisafepay-async[testing]'"


async def test_serve_runs_the_apps_lifespan() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        app.state.ready = "yes"
        yield

    async def ready(request: Any) -> PlainTextResponse:
        return PlainTextResponse(request.app.state.ready)

    app = Starlette(routes=[Route("/ready", ready)], lifespan=lifespan)
    async with serve(app) as url, httpx.AsyncClient() as http:
        assert (await http.get(url + "/ready")).text == "yes"
