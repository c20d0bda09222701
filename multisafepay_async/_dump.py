"""Models out: any model as MultiSafepay's JSON shape, through the same converter that read
it, so that `converter.structure(to_dict(order), Order) == order`."""

from __future__ import annotations

import json
from typing import Any, overload

import attrs
from attrs import AttrsInstance

from ._convert import RENAMES, converter

__all__ = ["to_dict", "to_json"]


@overload
def to_dict(model: AttrsInstance) -> dict[str, Any]: ...
@overload
def to_dict(model: tuple[AttrsInstance, ...]) -> list[dict[str, Any]]: ...
def to_dict(model: AttrsInstance | tuple[AttrsInstance, ...]) -> Any:
    """`model` (any of this package's models, or a tuple of them) as plain JSON data, in the
    shape MultiSafepay sends: the exact status strings it sent, timestamps it sent in an
    unforeseen format back as that text, the keys it sent that no field reads (`model_extra`)
    as they came, `None` fields left out. A model gives a `dict`, a tuple a `list` of them."""
    return _restore(model, converter.unstructure(model))


def to_json(model: AttrsInstance | tuple[AttrsInstance, ...], **dumps: Any) -> str:
    """`to_dict(model)` as JSON text (`json.dumps` keyword arguments pass through)."""
    return json.dumps(to_dict(model), **dumps)


def _restore(model: Any, data: Any) -> Any:
    if attrs.has(type(model)) and isinstance(data, dict):
        for field in attrs.fields(type(model)):
            if field.name in data:
                data[field.name] = _restore(getattr(model, field.name), data[field.name])
        for name, key in RENAMES.get(type(model), {}).items():  # raw_status -> status
            if name in data:
                data[key] = data.pop(name)
            else:  # nothing was sent: the enum's UNKNOWN is ours, not MultiSafepay's
                data.pop(key, None)
        data.pop("unparsed_timestamps", None)  # back into the fields they came from
        data.update(getattr(model, "unparsed_timestamps", None) or {})
        for key, value in (getattr(model, "model_extra", None) or {}).items():
            data.setdefault(key, value)  # what the model has no field for, as it came
        return data
    if isinstance(model, tuple) and isinstance(data, list):
        return [_restore(item, value) for item, value in zip(model, data, strict=True)]
    return data
