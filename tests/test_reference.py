"""The API reference (docs/reference.md, rendered by mkdocstrings) documents every public
name: everything in the `__all__` of every public module of the package (no `_` anywhere in
its dotted path), found by walking the package, not from a list."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import multisafepay_async

pytestmark = pytest.mark.once  # the docs build is the same on every Python
ROOT = Path(__file__).parent.parent


def public_modules() -> list[str]:
    found = ["multisafepay_async"]
    for info in pkgutil.walk_packages(multisafepay_async.__path__, "multisafepay_async."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return found


def resolve(dotted: str) -> Any:
    """The object a reference anchor (`multisafepay_async.models.Order`) stands for."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            found = getattr(found, name, None)
        return found
    return None


@cache
def rendered(tmp: str) -> frozenset[str]:
    """Every anchor of the built reference page: one per documented object."""
    site = Path(tmp) / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        check=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    page = (site / "reference" / "index.html").read_text()
    return frozenset(re.findall(r'id="(multisafepay_async[\w.]*)"', page))


def test_the_walk_finds_the_public_modules() -> None:
    modules = public_modules()
    assert {"multisafepay_async.models", "multisafepay_async.integrations.starlette"} <= set(
        modules
    )
    assert not [m for m in modules if "._" in m]


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    anchors = rendered(str(tmp_path_factory.mktemp("docs")))
    return [resolve(anchor) for anchor in anchors]


@pytest.mark.parametrize("module", public_modules())
def test_every_public_name_is_in_the_api_reference(module: str, documented: list[Any]) -> None:
    exported = getattr(importlib.import_module(module), "__all__", [])
    missing = [
        name
        for name in exported
        if name != "__version__"
        and not any(getattr(importlib.import_module(module), name) is d for d in documented)
    ]
    assert not missing, f"{module}: not in docs/reference.md: {missing}"
