"""The fast decoding path gives exactly what the plain cattrs converter gives.

`converter` parses with msgspec (when installed) and structures with generated functions
(`_model_hooks`); `plain_converter` is cattrs' own generated code with the same hooks, and
`json.loads` the reference parser. Equal means equal *and* the same repr (so 1 is not True,
1.0 is not 1, and a Decimal keeps its digits); failing means both fail.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multisafepay_async import CreatedOrder, Order, Transaction
from multisafepay_async._convert import converter, decode_error, plain_converter
from multisafepay_async._json import loads
from multisafepay_async.models import Gateway, PaymentMethodInfo, Terminal, Token

from .conftest import DATA, order_data
from .test_models_decode import ORDER_BODIES

# Every order body, and the one without an order_id (the id is supplied below).
ORDERS = [*ORDER_BODIES, "api-examples/responses/cancelBancontactQR.json"]


def outcome(conv: Any, data: Any, cls: Any) -> tuple[str, str]:
    try:
        value = conv.structure(data, cls)
    except Exception as exc:  # both must fail, whatever cattrs wraps it in
        return ("error", type(exc).__name__)
    return ("ok", repr(value))


def same(data: Any, cls: Any) -> None:
    fast, plain = outcome(converter, data, cls), outcome(plain_converter, data, cls)
    assert fast[0] == plain[0], (fast, plain)
    if fast[0] == "ok":
        assert fast == plain
        assert converter.structure(data, cls) == plain_converter.structure(data, cls)


@pytest.mark.parametrize("relative", ORDERS)
def test_every_real_order_decodes_the_same(relative: str) -> None:
    data = {"order_id": "supplied", **order_data(relative)}
    same(data, Order)
    same(data, CreatedOrder)


@pytest.mark.parametrize(
    ("relative", "cls"),
    [
        ("api-examples/responses/listTransactions.json", tuple[Transaction, ...]),
        ("api-examples/responses/listGateways.json", tuple[Gateway, ...]),
        ("api-examples/responses/listPaymentMethods.json", tuple[PaymentMethodInfo, ...]),
        ("fixtures/php-sdk/terminals.json", tuple[Terminal, ...]),
        ("fixtures/php-sdk/tokens.json", Any),
    ],
)
def test_other_real_answers_decode_the_same(relative: str, cls: Any) -> None:
    data = order_data(relative)
    if relative.endswith("tokens.json"):
        data, cls = data["tokens"] if isinstance(data, dict) else data, tuple[Token, ...]
    same(data, cls)


def test_every_body_parses_as_json_loads_parses_it() -> None:
    for path in sorted(DATA.rglob("*.json")):
        raw = path.read_bytes()
        assert repr(loads(raw)) == repr(json.loads(raw)), path.name
    for odd in [b'{"a":NaN}', b'{"a":1e400}', b'\xef\xbb\xbf{"a":1}', b'{"a":"\\ud800"}']:
        assert repr(loads(odd)) == repr(json.loads(odd))
    big = b'{"transaction_id": 123456789012345678901234567890, "x": 0.1}'
    assert loads(big) == {"transaction_id": 123456789012345678901234567890, "x": 0.1}


# Values a field may hold in a real answer, and in a broken one.
SCALARS = st.one_of(
    st.none(),
    st.just(""),
    st.just([]),
    st.just({}),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "1",
            "0",
            "true",
            "12.50",
            "242.9300000000",
            "completed",
            "chargedback",
            "CANCELED",
            "2022-02-23T23:31:31",
            "23-02-2022 23:31:31",
            "2022-02-23 23:31:31.5+01:00",
            "Feb 23",
            "NO",
        ]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
BASE = order_data("api-examples/responses/getOrder3DS.json")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


PATHS = _paths(BASE)


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


AWKWARD = [
    None,
    "",
    [],
    {},
    True,
    False,
    0,
    1,
    -1,
    2**64 + 1,
    1.0,
    0.1,
    "1",
    "12.50",
    " 7 ",
    "text",
    "completed",
    "chargeback",
    "2022-02-23T23:31:31",
    "23-02-2022 23:31:31",
    "Feb 23",
    ["x"],
    [{}],
    {"a": 1},
]


def _removed(data: Any, path: tuple[Any, ...]) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return copy


@pytest.mark.parametrize("path", PATHS, ids=[".".join(map(str, p)) for p in PATHS])
def test_each_field_with_each_awkward_value_or_missing_decodes_the_same(
    path: tuple[Any, ...],
) -> None:
    for value in AWKWARD:
        same(_replace(BASE, path, value), Order)
    same(_removed(BASE, path), Order)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=4),
)
def test_real_orders_with_any_field_changed_decode_the_same(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = BASE
    for path, value in changes:
        try:
            data = _replace(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place this one points at
    same(data, Order)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(BASE)), JSON, max_size=8))
def test_arbitrary_order_shaped_objects_decode_the_same(data: dict[str, Any]) -> None:
    same({"order_id": "o", **data}, Order)
    same(data, Transaction)


def test_a_broken_field_is_still_named_exactly() -> None:
    data = {**BASE, "customer": {**BASE["customer"], "email": 12.5j.imag}, "amount": "ten"}
    with pytest.raises(Exception):  # noqa: B017 - cattrs' own error type
        converter.structure(data, Order)
    assert decode_error(data, Order) == ("$.amount", "expected an integer, got str 'ten'")


def test_decimals_keep_the_digits_the_json_spelled() -> None:
    order = converter.structure(
        {"order_id": "o", "costs": [{"amount": 0.1}, {"amount": "242.9300000000"}]}, Order
    )
    assert [c.amount_major for c in order.costs] == [Decimal("0.1"), Decimal("242.9300000000")]
