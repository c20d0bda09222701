"""Bodies nobody on the team wrote (`tests/data/realworld/`, provenance in its SOURCES.md):
MultiSafepay's Postman collection, its plugins' test data, connectors, legacy docs pages.

Requests: each is either sent as it is, but for the documented normalisations (docs/requests.md:
`null` left out, 0/1 as false/true, an integer as text as its digits), or refused with a
`ValidationError` naming exactly the fields MultiSafepay's spec makes invalid: a property it
does not document, a value of a type it does not allow, an id that is not a string, a
required field left out.

Responses: each decodes, and nothing in it is lost: `to_dict` of the model gives back every
key with its value (the same number, text, moment), unknown keys through `model_extra`.
"""

from __future__ import annotations

import json
import re
import typing
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from openapi_schema_validator import OAS30Validator

from multisafepay_async import (
    APIError,
    AsyncClient,
    OutcomeUnknownError,
    ResponseDecodeError,
    to_dict,
)
from multisafepay_async._backends import RawResponse
from multisafepay_async._convert import converter, structure_request, to_json_body
from multisafepay_async._envelope import check_envelope
from multisafepay_async._model_hooks import optional_arg
from multisafepay_async._timestamps import parse_timestamp
from multisafepay_async.errors import ValidationError
from multisafepay_async.models import (
    ApiToken,
    CaptureRequest,
    Category,
    CreatedOrder,
    Gateway,
    Issuer,
    Me,
    OperationResult,
    Order,
    OrderRequest,
    OrderUpdate,
    RefundRequest,
)

from . import spec
from .conftest import API_KEY, DATA, SEED_ORDER

REALWORLD = DATA / "realworld"
REQUESTS = sorted(REALWORLD.glob("requests/*.json"))
RESPONSES = sorted(REALWORLD.glob("responses/*.json"))
# Request kind (the file name's last part) -> the model it is given to, the spec operation.
KINDS: dict[str, tuple[type[Any], str]] = {
    "order-create": (OrderRequest, "CreateOrder"),
    "refund": (RefundRequest, "refundOrder"),
    "update": (OrderUpdate, "updateOrder"),
    "capture": (CaptureRequest, "capturePayment"),
}
# Fields that are ids: the policy takes them only as strings.
IDS = {"$.order_id", "$.recurring_id", "$.recurring.id", "$.new_order_id", "$.refund_order_id"}


def test_the_collection_is_all_here() -> None:
    assert (len(REQUESTS), len(RESPONSES)) == (64, 47)


# --- requests ----------------------------------------------------------------------------


def normalised(
    value: Any, schemas: list[dict[str, Any]], path: str, tp: Any
) -> tuple[Any, set[str]]:
    """`value` as the policy sends it (the model's type `tp` says where an object is free-form
    and sent as given), and the id fields it refuses (an id not a string)."""
    tp = optional_arg(tp) or tp
    kinds = spec.kinds(schemas)
    if typing.get_origin(tp) is dict:
        return value, set()  # free-form (template, settings, affiliate ...): as given
    if isinstance(value, dict):
        documented: dict[str, list[dict[str, Any]]] = {}
        for schema in schemas:
            for name, subs in spec.properties(schema).items():
                documented.setdefault(name, []).extend(subs)
        hints = typing.get_type_hints(tp) if attrs.has(tp) else {}
        out, refused = {}, set()
        for key, item in value.items():
            if item is None:
                continue  # null: not given
            subs = documented.get(key, [{}])
            out[key], more = normalised(item, subs, f"{path}.{key}", hints.get(key, Any))
            refused |= more
        return out, refused
    if isinstance(value, list):
        item_tp = typing.get_args(tp)[0] if typing.get_origin(tp) is tuple else Any
        pairs = [
            normalised(v, spec.items(schemas) or [{}], f"{path}[{i}]", item_tp)
            for i, v in enumerate(value)
        ]
        return [v for v, _ in pairs], set().union(*(r for _, r in pairs))
    if type(value) is int and path in IDS:
        return value, {path}
    if type(value) is int and "boolean" in kinds and value in (0, 1):
        return bool(value), set()
    if type(value) is int and "string" in kinds and not kinds & {"integer", "number"}:
        return str(value), set()
    return value, set()


def free_form_problems(problems: set[str], model: Any) -> set[str]:
    """`problems` without those inside objects the model takes free-form."""
    kept = set()
    for problem in problems:
        tp: Any = model
        for part in re.findall(r"\.([A-Za-z_0-9]+)", problem)[:-1]:
            tp = optional_arg(tp) or tp
            if typing.get_origin(tp) is tuple:
                tp = typing.get_args(tp)[0]
            if not attrs.has(tp):
                break
            tp = typing.get_type_hints(tp).get(part, Any)
        tp = optional_arg(tp) or tp
        if typing.get_origin(tp) is not dict:
            kept.add(problem)
    return kept


# What the client sends although the spec's schema does not have it, and why.
BEYOND_THE_SPEC = {
    r"\$\.gateway": "gateway codes are open: MultiSafepay adds them, legacy ones still run",
    r"\$\.gateway_info\.issuer_id": "issuer codes are open: banks come and go",
    r"\$\.recurring_model": "the official SDKs' name for recurring.model",
    r"\$\.recurring_id": "the official SDKs' name for recurring.id",
    r"\$\.customer\.locale": "locales are open (the spec lists some)",
    r"\$\.shopping_cart\.items\[\d+\]\.weight\.unit": "units are free text in the SDKs",
    r"\$\.second_chance\.send_email": "the sources disagree on send_mail/send_email",
    r"\$\.customer\.gender": "free text in the SDKs (mr, mrs, male ...); the spec lists some",
    r"\$\.delivery\.[a-z_0-9]+": "the SDKs' delivery address has the customer's fields",
}


def beyond_the_spec(path: str) -> bool:
    return any(re.fullmatch(pattern, path) for pattern in BEYOND_THE_SPEC)


def named(error: ValidationError) -> set[str]:
    """The `$.paths` a ValidationError names (`$: extra fields found (a, b)` names two)."""
    paths = set()
    for line in error.errors:
        where, _, problem = line.partition(": ")
        extra = re.fullmatch(r"extra fields found \((.*)\)", problem)
        if extra:
            paths |= {f"{where}.{name}" for name in extra.group(1).split(", ")}
        else:
            paths.add(where)
    return paths


def required_somewhere(schema: dict[str, Any], path: str = "$") -> set[str]:
    """Every `$.path` some alternative of the schema requires (one level down)."""
    return {
        f"{path}.{name}" for alt in spec.alternatives(schema) for name in alt.get("required", [])
    }


@pytest.mark.parametrize("path", REQUESTS, ids=[p.name for p in REQUESTS])
def test_a_real_request_is_sent_as_is_or_refused_naming_what_the_spec_refuses(path: Path) -> None:
    model, op_id = KINDS[path.name.split(".")[-2]]
    body = json.loads(path.read_text(encoding="utf-8"))
    schema = spec.operation(op_id).request_schema()
    assert schema is not None
    expected, bad_ids = normalised(body, [schema], "$", model)
    invalid = free_form_problems(spec.field_problems(expected, [schema]), model) | bad_ids
    try:
        sent = to_json_body(structure_request(body, model, "request"))
    except ValidationError as error:
        shape_broken = not OAS30Validator(schema).is_valid(expected)
        assert invalid or shape_broken, f"refused a body the spec accepts: {error}"
        allowed = invalid | (required_somewhere(schema) if shape_broken else set())
        assert named(error) <= allowed, error  # only what the spec refuses
        unnamed = {p for p in invalid - named(error) if not beyond_the_spec(p)}
        assert not unnamed, error  # and all of it, not just the first
        return
    assert all(beyond_the_spec(p) for p in invalid), sorted(invalid)
    assert sent == expected
    assert json.dumps(sent, sort_keys=True) == json.dumps(expected, sort_keys=True)  # 1 vs true


def test_the_policy_sends_most_real_bodies_and_refuses_the_rest_for_a_reason() -> None:
    outcomes = {"sent": 0, "refused": 0}
    for path in REQUESTS:
        model, _ = KINDS[path.name.split(".")[-2]]
        try:
            structure_request(json.loads(path.read_text()), model, "request")
            outcomes["sent"] += 1
        except ValidationError:
            outcomes["refused"] += 1
    assert outcomes == {"sent": 29, "refused": 35}


# --- responses ---------------------------------------------------------------------------

# Envelope name (the file name's middle part) -> what its data decodes into.
ENVELOPE_DATA = {
    "api-token": ApiToken,
    "categories": tuple[Category, ...],
    "gateways-2016": tuple[Gateway, ...],
    "ideal-issuers-2016": tuple[Issuer, ...],
    "create-redirect-2016": CreatedOrder,
    "pos-create-events-stream": CreatedOrder,
    "create-with-cart-events": CreatedOrder,
    "bancontact-qr-url": CreatedOrder,
}
BARE = {"order": Order, "notification": Order, "data": OperationResult, "me": Me}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def same(raw: Any, out: Any, path: str = "$") -> list[str]:
    """Where `out` (models-out) lost or changed something of `raw` (what was sent)."""
    if isinstance(raw, dict) and isinstance(out, list) and len(out) == 1:
        return same(raw, out[0], path)  # one object where a list was documented
    if isinstance(raw, dict):
        if not isinstance(out, dict):
            return [] if _empty(raw) else [f"{path}: an object became {out!r:.60}"]
        lost = []
        for key, value in raw.items():
            if key not in out:
                if not _empty(value):
                    lost.append(f"{path}.{key}: lost")
            else:
                lost += same(value, out[key], f"{path}.{key}")
        return lost
    if isinstance(raw, list):
        if _empty(raw) and _empty(out):
            return []
        if isinstance(out, dict) and len(raw) == 1:  # never the case: lists stay lists
            return [f"{path}: a list became an object"]
        if not isinstance(out, list) or len(out) != len(raw):
            return [f"{path}: {len(raw)} items became {out!r:.60}"]
        return [
            p
            for i, (r, o) in enumerate(zip(raw, out, strict=True))
            for p in same(r, o, f"{path}[{i}]")
        ]
    if raw == out or (_empty(raw) and out is None):
        return []
    if isinstance(raw, bool) or isinstance(out, bool):
        truth = {"1": True, "0": False, "true": True, "false": False, 1: True, 0: False}
        return [] if truth.get(raw, raw) == out else [f"{path}: {raw!r} became {out!r}"]
    if _number(raw) is not None and _number(raw) == _number(out):
        return []
    if isinstance(raw, str) and isinstance(out, str) and _moment(raw) is not None:
        return [] if _moment(raw) == _moment(out) else [f"{path}: {raw!r} became {out!r}"]
    return [f"{path}: {raw!r:.60} became {out!r:.60}"]


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except ArithmeticError:
        return None


def _moment(text: str) -> datetime | None:
    try:
        return parse_timestamp(text)
    except (ValueError, TypeError):
        return None


# An answer that is no model at all: what the client makes of it is tested on its own.
UNDECODABLE = {"omnipay-mos.create-data-only-no-success.envelope.json"}


def _decoded(path: Path) -> tuple[Any, Any]:
    """(what was sent as `data`, the model it decodes into); envelopes are checked first."""
    _source, what, kind = path.name.removesuffix(".json").split(".")
    content = path.read_bytes()
    if kind != "envelope":
        return json.loads(content), converter.structure(json.loads(content), BARE[kind])
    envelope = check_envelope(
        RawResponse(200, {}, content), method="GET", path="/x", order_id=None, secret=API_KEY
    )
    data = envelope.get("data")
    return data, converter.structure(data, ENVELOPE_DATA.get(what, Order))


DECODABLE = [p for p in RESPONSES if p.name not in UNDECODABLE]


@pytest.mark.parametrize("path", DECODABLE, ids=[p.name for p in DECODABLE])
def test_every_real_answer_decodes_and_keeps_every_value(path: Path) -> None:
    try:
        data, model = _decoded(path)
    except APIError as error:  # a failure in an HTTP 200: a typed error, with its code
        assert json.loads(path.read_text()).get("success") is not True
        assert error.http_status == 200
        return
    assert same(data, to_dict(model)) == []


async def test_a_create_answered_with_no_order_is_outcome_unknown_not_a_failure() -> None:
    # omnipay-mos's AuthorizeFailedUnknown: HTTP 200, `{"data": {}}`. MultiSafepay may have
    # made the order; saying "failed" would invite a second one.
    body = (
        REALWORLD / "responses/omnipay-mos.create-data-only-no-success.envelope.json"
    ).read_bytes()
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    async with AsyncClient(API_KEY, transport=transport) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.orders.create(SEED_ORDER)
    assert isinstance(caught.value.cause, ResponseDecodeError)


def test_unknown_keys_are_kept_read_only_and_given_back() -> None:
    sent = {"order_id": "o", "status": "completed", "brand_new": {"x": [1, 2]}}
    order = converter.structure(sent, Order)
    assert order.model_extra == {"brand_new": {"x": [1, 2]}}
    with pytest.raises(TypeError):
        order.model_extra["brand_new"] = 1  # type: ignore[index]
    assert to_dict(order) == {**sent, "amount_refunded": 0}  # absent means nothing refunded
    assert "brand_new" not in repr(order)


def test_a_legacy_answer_with_one_payment_method_object_decodes_as_a_list_of_one() -> None:
    method = {"type": "BANKTRANS", "amount": 1000, "status": "initialized"}
    order = converter.structure({"order_id": "o", "payment_methods": method}, Order)
    assert len(order.payment_methods) == 1 and order.payment_methods[0].amount == 1000


def _answer_models() -> set[type[Any]]:
    """Every attrs class an operation's answer can contain, found from the operations table."""
    from multisafepay_async.resources._base import OPERATIONS

    found: set[type[Any]] = set()
    todo = [op.answer for op in OPERATIONS]
    while todo:
        tp = todo.pop()
        tp = optional_arg(tp) or tp
        if typing.get_origin(tp) is tuple:
            todo += [a for a in typing.get_args(tp) if a is not Ellipsis]
        elif attrs.has(tp) and tp not in found:
            found.add(tp)
            todo += list(typing.get_type_hints(tp).values())
    return found


def test_every_answer_model_keeps_what_it_does_not_know() -> None:
    models = _answer_models()
    assert len(models) >= 40
    lacking = sorted(m.__name__ for m in models if "model_extra" not in attrs.fields_dict(m))
    assert lacking == []
    for model in models:  # and reads it from any object, fast path or not
        decoded = converter.structure({**_required(model), "zz_new": [1]}, model)
        assert decoded.model_extra == {"zz_new": [1]}, model.__name__


def _required(model: type[Any]) -> dict[str, Any]:
    return {a.name: "1" for a in attrs.fields(model) if a.default is attrs.NOTHING}
