"""MultiSafepay's OpenAPI spec as a test oracle: which operation a request is, whether the
request fits it (path, query and body), and the example answers each operation documents.

The spec is MultiSafepay's published bundle with the research folder's Prism patches
(oneOf -> anyOf where branches overlap, /transactions data as a list, ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs
import httpx
import yaml
from openapi_schema_validator import OAS30Validator, validate

from .conftest import DATA

PREFIX = "/v1/json"
METHODS = ("get", "post", "patch", "put", "delete")


@cache
def spec() -> dict[str, Any]:
    text = (DATA / "openapi/multisafepay-docsopenapi.prism-patched.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@attrs.frozen
class Operation:
    method: str
    template: str
    spec: dict[str, Any]
    path_parameters: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return str(self.spec["operationId"])

    def parameters(self, where: str) -> dict[str, dict[str, Any]]:
        every = [*self.path_parameters, *self.spec.get("parameters", [])]
        return {p["name"]: p for p in every if p.get("in") == where}

    def request_schema(self) -> dict[str, Any] | None:
        body = self.spec.get("requestBody")
        if body is None:
            return None
        schema: dict[str, Any] = body["content"]["application/json"]["schema"]
        return schema

    def response_schema(self, status: int | str = 200) -> dict[str, Any] | None:
        """The schema of the answer the operation documents for `status` (its JSON one, else
        its first), None when it documents none."""
        content = self.spec.get("responses", {}).get(str(status), {}).get("content", {})
        media = content.get("application/json") or next(iter(content.values()), {})
        schema = media.get("schema")
        return schema if isinstance(schema, dict) else None


def operations() -> Iterator[Operation]:
    for template, item in spec()["paths"].items():
        shared = tuple(item.get("parameters", []))
        for method in METHODS:
            if method in item:
                yield Operation(method, template, item[method], shared)


def operation(operation_id: str) -> Operation:
    return next(op for op in operations() if op.id == operation_id)


def _match(template: str, raw_path: str) -> dict[str, str] | None:
    names = re.findall(r"\{([^}]+)\}", template)
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
    found = re.match(pattern, raw_path)
    if found is None:
        return None
    return {name: unquote(value) for name, value in zip(names, found.groups(), strict=True)}


def find(method: str, raw_path: str) -> tuple[Operation, dict[str, str]] | None:
    """The spec operation a request is, with its decoded path parameters; None if the spec
    has no such operation."""
    for op in operations():
        if op.method == method.lower():
            values = _match(op.template, raw_path)
            if values is not None:
                return op, values
    return None


# The spec types these query parameters as booleans, but its own description (and
# MultiSafepay's docs) say they take 0 or 1, which is what the client sends.
ZERO_ONE_BOOLEANS = frozenset({"group_cards", "include_coupons"})


def _query_value(name: str, text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if kind == "integer":
        assert re.fullmatch(r"-?\d+", text), f"query {name}={text!r} is not an integer"
        return int(text)
    if kind == "boolean":
        if name in ZERO_ONE_BOOLEANS:
            assert text in ("0", "1"), f"query {name}={text!r} is not 0 or 1"
            return text == "1"
        assert text in ("true", "false"), f"query {name}={text!r} is not a boolean"
        return text == "true"
    return text


def check_request(request: httpx.Request, body: Any = None) -> Operation:
    """Assert that `request` is an operation of the spec and fits it; return the operation.
    `body`, when given, is checked instead of the request's own (for a known spec gap)."""
    raw_path = request.url.raw_path.decode().split("?", 1)[0]
    assert raw_path.startswith(PREFIX), raw_path
    found = find(request.method, raw_path.removeprefix(PREFIX))
    assert found is not None, f"{request.method} {raw_path} is not an operation of the spec"
    op, values = found
    for name, param in op.parameters("path").items():
        assert values.get(name), f"path parameter {name} is empty"
        validate(_query_value(name, values[name], param["schema"]), param["schema"])
    allowed = op.parameters("query")
    sent: dict[str, list[str]] = {}
    for name, text in parse_qsl(request.url.query.decode(), keep_blank_values=True):
        sent.setdefault(name, []).append(text)
    for name, texts in sent.items():
        assert name in allowed, f"{op.id}: query parameter {name!r} is not in the spec"
        schema = allowed[name]["schema"]
        if schema.get("type") == "array":
            value: Any = [_query_value(name, t, schema["items"]) for t in texts]
        else:
            assert len(texts) == 1, f"{op.id}: {name} sent {len(texts)} times"
            value = _query_value(name, texts[0], schema)
        validate(value, schema, cls=OAS30Validator)
    for name, param in allowed.items():
        assert not param.get("required") or name in sent, f"{op.id}: {name} is required"
    schema = op.request_schema()
    if schema is None:
        assert not request.content, f"{op.id} takes no body, got {request.content!r}"
    else:
        sent = json.loads(request.content) if body is None else body
        validate(sent, schema, cls=OAS30Validator)
    return op


def _fits_schema(value: Any, schema: dict[str, Any]) -> bool:
    return not any(True for _ in OAS30Validator(schema).iter_errors(value))


def example_from_schema(schema: dict[str, Any], depth: int = 0) -> Any:
    """A body built from a schema's own `example`s, for answers the spec gives no example of.
    An example its own schema refuses (`"Passport"` outside its enum, a number for a string)
    gives way to what the schema allows: the first enum value, or a value of its type."""
    if "example" in schema:
        example = schema["example"]
        if schema.get("type") == "array" and isinstance(example, str):
            # The spec's own mistake: an array shown as text ("NL, ES, UK"); the items it means.
            return [part.strip() for part in example.split(",")]
        if _fits_schema(example, schema):
            return example
        if schema.get("type") == "string" and isinstance(example, int) and "enum" not in schema:
            return str(example)
    if schema.get("enum"):
        return schema["enum"][0]
    for combined in ("allOf", "anyOf", "oneOf"):
        if combined in schema:
            parts = [example_from_schema(s, depth) for s in schema[combined]]
            if combined == "allOf" and all(isinstance(p, dict) for p in parts):
                return {k: v for part in parts for k, v in part.items()}
            return parts[0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 6:
            return {}
        return {
            name: example_from_schema(sub, depth + 1)
            for name, sub in (schema.get("properties") or {}).items()
        }
    if kind == "array":
        return [example_from_schema(schema.get("items") or {}, depth + 1)]
    if kind == "string" and schema.get("format") in ("date-time", "date"):
        return "2026-01-02T03:04:05Z" if schema["format"] == "date-time" else "2026-01-02"
    return {"integer": 1, "number": 1.5, "boolean": True, "string": "text"}.get(kind or "")


def answers(op: Operation, status: str = "200") -> list[tuple[str, Any]]:
    """(name, body) of every example answer the operation documents for `status`; one built
    from the schema's property examples when it documents none."""
    found = []
    content = op.spec.get("responses", {}).get(status, {}).get("content", {})
    for media in content.values():
        examples = dict(media.get("examples") or {})
        if "example" in media:
            examples["example"] = {"value": media["example"]}
        found += [(name, example["value"]) for name, example in examples.items()]
        if not found and media.get("schema"):
            found.append(("from the schema", example_from_schema(media["schema"])))
    return found


# --- the shape of a schema, its alternatives merged (for walks over every property) ---------


def alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The plain schemas `schema` may be: `anyOf`/`oneOf` branches each, `allOf` parts merged."""
    for combined in ("anyOf", "oneOf"):
        if combined in schema:
            rest = {k: v for k, v in schema.items() if k != combined}
            return [alt for branch in schema[combined] for alt in alternatives({**rest, **branch})]
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            for alt in alternatives(part)[:1] or [{}]:
                props = {**merged.get("properties", {}), **alt.get("properties", {})}
                merged = {**merged, **alt, "properties": props}
        return alternatives(merged) if "allOf" in merged else [merged]
    return [schema]


def properties(schema: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every property any alternative of `schema` documents, with each schema it has there."""
    found: dict[str, list[dict[str, Any]]] = {}
    for alt in alternatives(schema):
        for name, sub in (alt.get("properties") or {}).items():
            found.setdefault(name, []).append(sub)
    return found


def kinds(schemas: list[dict[str, Any]]) -> set[str]:
    """The JSON types the schemas allow ("any" when one of them says nothing)."""
    found = set()
    for schema in schemas:
        for alt in alternatives(schema):
            kind = alt.get("type") or ("object" if "properties" in alt else "any")
            found.add(kind)
            if alt.get("nullable"):
                found.add("null")
    return found


def items(schemas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [alt.get("items") or {} for s in schemas for alt in alternatives(s) if "items" in alt]


_JSON_KIND = {bool: "boolean", int: "integer", float: "number", str: "string", dict: "object"}


def _fits_kind(value: Any, allowed: set[str]) -> bool:
    if "any" in allowed:
        return True
    kind = "null" if value is None else _JSON_KIND.get(type(value), "array")
    return kind in allowed or (kind == "integer" and "number" in allowed)


def field_problems(body: Any, schemas: list[dict[str, Any]], path: str = "$") -> set[str]:
    """The `$.paths` of `body` the spec makes invalid: a property it does not document, or a
    value of a type (or enum value) no alternative allows. Structural rules (required, oneOf
    exclusivity) are the schema validator's; this names fields."""
    allowed = kinds(schemas)
    if not _fits_kind(body, allowed):
        return {path}
    enums = [alt["enum"] for s in schemas for alt in alternatives(s) if "enum" in alt]
    if enums and len(enums) == len(schemas) and not any(body in e for e in enums):
        return {path}
    problems: set[str] = set()
    if isinstance(body, dict) and "object" in allowed:
        documented = {}
        for schema in schemas:
            for name, subs in properties(schema).items():
                documented.setdefault(name, []).extend(subs)
        open_ended = any(
            alt.get("additionalProperties") not in (None, False) or not alt.get("properties")
            for s in schemas
            for alt in alternatives(s)
        )
        for name, value in body.items():
            if name in documented:
                problems |= field_problems(value, documented[name], f"{path}.{name}")
            elif not open_ended:
                problems.add(f"{path}.{name}")
    elif isinstance(body, list) and items(schemas):
        for index, element in enumerate(body):
            problems |= field_problems(element, items(schemas), f"{path}[{index}]")
    return problems
