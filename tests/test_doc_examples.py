"""Every Python block of README.md and docs/*.md runs against the fake and type-checks as
user code (`mypy --strict`), so a snippet that rots fails CI (tests/doc_examples.py says how
blocks are found and which names they may assume). tests/typing_user_code.py rides along in
the same mypy run: the narrowings and TypedDicts users rely on, errors included."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import gc
import inspect
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from multisafepay_async import AsyncClient, ClientStateError, _config

from .doc_examples import ROOT, Example, examples, fences, scene

EXAMPLES = examples()
USER_CODE = Path(__file__).parent / "typing_user_code.py"


def test_every_python_block_of_the_docs_is_an_example() -> None:
    assert len(EXAMPLES) == fences() >= 25
    skipped = [e.id for e in EXAMPLES if e.no_run]
    assert len(skipped) <= 3, f"most examples run: {skipped}"


async def run(example: Example, namespace: dict[str, Any]) -> None:
    code = compile(example.code, example.id, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if not code.co_flags & inspect.CO_COROUTINE:  # sync code: it blocks, or runs its own loop
        await asyncio.to_thread(exec, code, namespace)
        return
    await eval(code, namespace)  # the docs' own code, awaiting at top level


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.no_run], ids=lambda e: e.id)
async def test_the_example_runs_against_the_fake(
    example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with scene() as (api, prelude):
        # environment="test" (the quickstart's) reaches the fake, never the internet.
        monkeypatch.setitem(_config.BASE_URLS, "test", api)
        monkeypatch.setitem(_config.BASE_URLS, "live", api)
        monkeypatch.setenv("MULTISAFEPAY_API_KEY", prelude["api_key"])  # as a user's shell
        namespace = {"__name__": "__main__", **prelude}
        try:
            await asyncio.wait_for(run(example, namespace), 30)
        finally:
            for value in namespace.values():
                if isinstance(value, AsyncClient) and value is not prelude["client"]:
                    with contextlib.suppress(ClientStateError):  # bound to a closed loop
                        await value.aclose()
            namespace.clear()
            with warnings.catch_warnings():
                if example.leaks:  # what it shows not to do leaves sockets behind
                    warnings.simplefilter("ignore", ResourceWarning)
                gc.collect()  # any other leak fails this example, not a later test


@pytest.mark.once  # mypy is pinned: its verdict is the same on every Python
def test_the_examples_and_user_code_type_check_with_mypy_strict(tmp_path: Path) -> None:
    for example in EXAMPLES:
        name = example.id.replace("/", "_").replace(".md:", "_").replace(".", "_")
        (tmp_path / f"{name.lower()}.py").write_text(example.as_module())
    (tmp_path / USER_CODE.name).write_text(USER_CODE.read_text())
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--hide-error-context",
            "--no-error-summary",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
