"""How answers become models: cattrs' rules per field, built for speed, and never failing a
whole object over one timestamp.

cattrs' generated function calls a hook for every field and then the class's frozen
`__init__`. In an order of ~100 fields most values already have their declared type (a `str`
for a `str | None` field), and the answer models have no validators, converters or post-init.
So for each answer model a function is generated that

* keeps a value as it is when it already has the declared type and the field's hook would
  return it unchanged (exact `str`, `int`, `bool`; `None` for an optional field),
* otherwise calls exactly the hook cattrs would call for that field,
* fills the slots of a new instance directly instead of going through `__init__`
  (only for classes where `__init__` would do nothing else), and
* hands anything unusual (not a dict, a required key missing) to cattrs' own function, so
  errors read exactly as before.

`tests/test_fast_decoding.py` proves the result equal to the plain cattrs converter's on real
and generated bodies.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from ._timestamps import unparsed_timestamps

__all__ = ["make_model_hook", "optional_arg"]

UNPARSED = "unparsed_timestamps"
EXTRA = "model_extra"
# Declared type -> the exact runtime type every hook of ours returns unchanged.
_AS_IS: dict[Any, type] = {str: str, int: int, bool: bool}
_MISSING = object()


def optional_arg(tp: Any) -> Any | None:
    """`X` for `X | None`, else None."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(tp)
    rest = [a for a in args if a is not type(None)]
    if len(rest) == len(args):
        return None
    return functools.reduce(operator.or_, rest)  # `int | str | None` -> `int | str`


def make_model_hook(
    conv: cattrs.Converter,
    *,
    detailed: bool,
    fast: bool,
    renames: Mapping[Any, Mapping[str, str]],
    optional: Callable[[Any], tuple[Callable[[Any, Any], Any], Any, tuple[type, ...]]],
) -> Callable[[Any], Any]:
    """A hook factory for answer models. A model with an `unparsed_timestamps` field never
    fails over a timestamp in a format nobody foresaw: that field becomes None and its text
    is kept in `unparsed_timestamps`, by field name. `renames` maps a field to the JSON key it
    is read from, per class; `optional(X | None)` gives the converter's hook of `X`, `X`, and
    the kinds of value whose empty form means None (the rule of its optional hook)."""

    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        fields = attrs.fields(cls)
        keys = renames.get(cls, {})
        overrides: dict[str, Any] = {name: override(rename=key) for name, key in keys.items()}
        omit = {UNPARSED} & {a.name for a in fields}
        not_read = omit | ({EXTRA} & {a.name for a in fields})  # never read from an answer
        overrides.update({name: override(omit=True) for name in not_read})
        cattrs_fn = make_dict_structure_fn(
            cls, conv, _cattrs_detailed_validation=detailed, **overrides
        )
        # The JSON keys the model reads; any other key of an answer goes to `model_extra`.
        known = frozenset(keys.get(a.name, a.name) for a in fields if a.name not in not_read)
        keeps_extra = EXTRA in not_read

        def base(data: Any, tp: Any) -> Any:
            # cattrs reads a model from anything with `in` and `[]`: a string would decode
            # as an empty model (a pager cursor "abc" as no cursor, ending a listing early).
            if not isinstance(data, Mapping):
                raise ValueError(f"expected an object, got {type(data).__name__}")
            instance = cattrs_fn(data, tp)
            if keeps_extra and not known.issuperset(data):
                object.__setattr__(instance, EXTRA, extra_of(data, known))
            return instance

        generated = _generate(conv, cls, keys, not_read, known, base, optional) if fast else None
        structure = generated or base
        if not omit:
            return structure
        stamps = [a.name for a in fields if optional_arg(a.type) is datetime]

        def hook(data: Any, tp: Any) -> Any:
            try:
                return structure(data, tp)
            except Exception:
                unparsed = unparsed_timestamps(data, stamps)
                if not unparsed:
                    raise
            kept = {k: v for k, v in data.items() if k not in unparsed}
            return attrs.evolve(structure(kept, tp), **{UNPARSED: MappingProxyType(unparsed)})

        return hook

    return factory


def extra_of(data: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """The keys of `data` a model does not read, with their values, read-only (in sorted
    order: found by a set difference in C, which visits only them)."""
    return MappingProxyType({k: data[k] for k in sorted(data.keys() - known)})


def _skippable_init(cls: Any) -> bool:
    """Whether `__init__` would only store its arguments (and defaults) in the slots."""
    if getattr(cls, "__attrs_post_init__", None) or getattr(cls, "__attrs_pre_init__", None):
        return False
    fields = attrs.fields(cls)
    if set(getattr(cls, "__slots__", ())) - {"__weakref__"} != {a.name for a in fields}:
        return False  # not slotted as expected (e.g. a cached hash slot)
    return all(
        a.init
        and a.validator is None
        and a.converter is None
        and a.alias == a.name
        and not (isinstance(a.default, attrs.Factory) and a.default.takes_self)  # type: ignore[arg-type]
        for a in fields
    )


def _generate(
    conv: cattrs.Converter,
    cls: Any,
    keys: Mapping[str, str],
    omit: set[str],
    known: frozenset[str],
    fallback: Callable[[Any, Any], Any],
    optional: Callable[[Any], tuple[Callable[[Any, Any], Any], Any, tuple[type, ...]]],
) -> Callable[[Any, Any], Any] | None:
    if not _skippable_init(cls):
        return None
    env: dict[str, Any] = {
        "new": object.__new__,
        "cls": cls,
        "fallback": fallback,
        "M": _MISSING,
        "known": known,
        "extra_of": extra_of,
    }
    lines = [
        "def structure(o, _):",
        "    if o.__class__ is not dict:",
        "        return fallback(o, _)",
        "    inst = new(cls)",
    ]
    for i, a in enumerate(attrs.fields(cls)):
        env[f"set{i}"] = cls.__dict__[a.name].__set__
        default = a.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            env[f"d{i}"] = default.factory
            fill = f"d{i}()"
        else:
            env[f"d{i}"] = default
            fill = f"d{i}"
        if a.name == EXTRA:
            continue  # set once, below
        if a.name in omit:
            lines.append(f"    set{i}(inst, {fill})")
            continue
        env[f"h{i}"] = conv.get_structure_hook(a.type)
        env[f"t{i}"] = a.type
        lines.append(f"    v = o.get({keys.get(a.name, a.name)!r}, M)")
        if default is attrs.NOTHING:
            lines.append("    if v is M:")
            lines.append("        return fallback(o, _)  # cattrs says which key is missing")
        else:
            lines.append(f"    if v is M:\n        v = {fill}")
        inner = optional_arg(a.type)
        exact = _AS_IS.get(a.type if inner is None else inner)
        env[f"x{i}"] = exact
        if inner is not None and exact is None:
            # The optional hook's work, inlined: None and empty values are None, the rest
            # goes straight to the hook of the inner type.
            env[f"ih{i}"], env[f"it{i}"], env[f"e{i}"] = optional(a.type)
            lines.append("    elif v is not None:")
            lines.append(f"        v = None if v.__class__ in e{i} and not v else ih{i}(v, it{i})")
        else:
            condition = {
                (True, True): f"v is not None and v.__class__ is not x{i}",
                (False, True): f"v.__class__ is not x{i}",
                (False, False): "True",
            }[(inner is not None, exact is not None)]
            lines.append(f"    elif {condition}:\n        v = h{i}(v, t{i})")
        lines.append(f"    set{i}(inst, v)")
    if EXTRA in omit:
        env["set_extra"] = cls.__dict__[EXTRA].__set__
        env["covers"] = known.issuperset
        # The test is done in C over the dict's keys and allocates nothing: the usual
        # answer, all of whose keys the model knows, pays only that.
        env["NO_EXTRA"] = attrs.fields_dict(cls)[EXTRA].default
        lines.append("    set_extra(inst, NO_EXTRA if covers(o) else extra_of(o, known))")
    lines.append("    return inst")
    exec(compile("\n".join(lines), f"<multisafepay_async structure {cls.__name__}>", "exec"), env)
    generated: Callable[[Any, Any], Any] = env["structure"]
    return generated
