"""`multisafepay_async/models/shapes.py`, the TypedDicts of the request mappings, generated
from the attrs request models so that the two cannot disagree (a test compares them).

    .venv/bin/python -m tests.shapes_gen --write   # rewrite multisafepay_async/models/shapes.py
"""

from __future__ import annotations

import sys
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from multisafepay_async.models import CaptureRequest, OrderRequest, OrderUpdate, RefundRequest

ROOTS = {  # the mapping each method takes
    OrderRequest: "`orders.create`",
    RefundRequest: "`orders.refund`",
    OrderUpdate: "`orders.update`",
    CaptureRequest: "`orders.capture`",
}
TARGET = Path(__file__).parent.parent / "multisafepay_async" / "models" / "shapes.py"
HEADER = '''"""TypedDicts of the JSON bodies `orders.create`, `refund`, `update` and `capture` take.

Annotate a body with one (`order: OrderRequestDict = {...}`) and mypy reports a float amount
or a misspelt key before anything runs. Generated from the attrs request models, which stay
the fully validated path (`python -m tests.shapes_gen --write`; do not edit by hand).
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, Required, TypedDict
'''


def name_of(cls: type) -> str:
    return cls.__name__ + "Dict"


def render(hint: Any, found: list[type]) -> str:
    """`hint`, a field's type in the attrs model, as the TypedDict's value type."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:  # Id = Annotated[str, ID]
        return render(args[0], found)
    if origin in (typing.Union, types.UnionType):
        parts = [render(a, found) for a in args if a is not types.NoneType]
        return " | ".join(parts + ["None"] * (types.NoneType in args))
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(a).replace(chr(39), chr(34)) for a in args)}]"
    if origin is tuple:
        return f"Sequence[{render(args[0], found)}]"
    if origin is dict:
        return "dict[str, Any]"
    if hint is Decimal:  # decimals: any number (docs/requests.md), never a string
        return "Decimal | float"
    if attrs.has(hint):
        if hint not in found:
            found.append(hint)
        return name_of(hint)
    assert hint in (str, int, bool), hint
    return hint.__name__


def typed_dict(cls: type, found: list[type]) -> str:
    hints = typing.get_type_hints(cls, include_extras=True)
    used = ROOTS.get(cls)
    doc = f"The JSON shape of `{cls.__name__}`" + (f", as {used} takes it." if used else ".")
    lines = [f"class {name_of(cls)}(TypedDict, total=False):", f'    """{doc}"""', ""]
    for field in attrs.fields(cls):
        if field.name == "model_extra" or not field.init:
            continue
        value = render(hints[field.name], found)
        if field.default is attrs.NOTHING:
            value = f"Required[{value}]"
        lines.append(f"    {field.name}: {value}")
    return "\n".join(lines)


def generate() -> str:
    """The module: each TypedDict after those it uses (no postponed annotations, so that
    `__required_keys__` is right at run time on every Python)."""
    done: list[type] = []
    classes: list[str] = []

    def emit(cls: type) -> None:
        if cls in done:
            return
        done.append(cls)
        nested: list[type] = []
        text = typed_dict(cls, nested)
        for inner in nested:
            emit(inner)
        classes.append(text)

    for root in ROOTS:
        emit(root)
    names = sorted(name_of(cls) for cls in done)
    exports = "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"
    return HEADER + "\n" + exports + "\n\n" + "\n\n\n".join(classes) + "\n"


if __name__ == "__main__" and "--write" in sys.argv:
    TARGET.write_text(generate())
