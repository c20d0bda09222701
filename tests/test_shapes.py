"""The request TypedDicts (`multisafepay_async.models.shapes`) are generated from the attrs
request models (`python -m tests.shapes_gen --write`): the file must be what the generator
makes today, so a field added to a model is in its TypedDict the day it is."""

from __future__ import annotations

import typing

import attrs
import pytest

from multisafepay_async import (
    CaptureRequestDict,
    OrderRequestDict,
    OrderUpdateDict,
    RefundRequestDict,
)
from multisafepay_async._convert import structure_request
from multisafepay_async.models import (
    CaptureRequest,
    OrderRequest,
    OrderUpdate,
    RefundRequest,
    shapes,
)

from .shapes_gen import ROOTS, TARGET, generate, name_of


def test_the_typeddicts_are_what_the_generator_makes_from_the_models() -> None:
    assert TARGET.read_text() == generate(), "run: python -m tests.shapes_gen --write"


def test_every_request_model_a_method_takes_has_its_typeddict() -> None:
    assert set(ROOTS) == {OrderRequest, RefundRequest, OrderUpdate, CaptureRequest}
    for model in ROOTS:
        shape = getattr(shapes, name_of(model))
        fields = {f.name for f in attrs.fields(model) if f.init and f.name != "model_extra"}
        assert set(typing.get_type_hints(shape)) == fields
        required = {f.name for f in attrs.fields(model) if f.default is attrs.NOTHING}
        assert shape.__required_keys__ == required


@pytest.mark.parametrize(
    ("body", "model"),
    [
        (
            OrderRequestDict(
                order_id="o-1",
                currency="EUR",
                amount=1000,
                description="Test",
                payment_options={"notification_url": "https://shop.example/notify"},
                shopping_cart={"items": [{"name": "Book", "unit_price": 10, "quantity": 1}]},
            ),
            OrderRequest,
        ),
        (RefundRequestDict(currency="EUR", amount=500), RefundRequest),
        (OrderUpdateDict(status="shipped", tracktrace_code="3S"), OrderUpdate),
        (CaptureRequestDict(amount=1000, new_order_status="completed"), CaptureRequest),
    ],
)
def test_a_body_written_to_its_typeddict_is_accepted_as_it_is(body: object, model: type) -> None:
    assert isinstance(structure_request(body, model, "body"), model)
