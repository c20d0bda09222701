"""Every order-shaped body in the research set decodes, with the traps handled exactly."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from multisafepay_async import FinancialStatus, Order, OrderStatus
from multisafepay_async._convert import converter

from .conftest import DATA, order_data

ORDER_BODIES = sorted(
    str(path.relative_to(DATA))
    for path in DATA.rglob("*.json")
    if '"financial_status"' in path.read_text(encoding="utf-8")
    and "request" not in path.name
    and "transactions" not in path.name.lower()
    and "transaction.data" not in path.name
    and "cancelBancontactQR" not in path.name  # no order_id: see the test below
    and "realworld" not in path.parts  # bodies of other shapes: tests/test_realworld.py
)


def decode(relative: str) -> Order:
    return converter.structure(order_data(relative), Order)


def test_an_order_body_without_order_id_decodes_once_the_caller_supplies_it() -> None:
    # The Bancontact-QR cancel answer is order-shaped but has no order_id (and a null
    # financial_status); the caller knows the id from the path it called.
    raw = order_data("api-examples/responses/cancelBancontactQR.json")
    assert "order_id" not in raw
    order = converter.structure({**raw, "order_id": "from-the-path"}, Order)
    assert order.status is OrderStatus.CANCELLED and order.financial_status is None
    assert order.payment_details is not None and order.payment_methods == ()


def test_the_research_set_has_the_order_bodies_we_expect() -> None:
    assert len(ORDER_BODIES) >= 14, ORDER_BODIES


@pytest.mark.parametrize("relative", ORDER_BODIES)
def test_every_order_body_decodes_with_known_statuses(relative: str) -> None:
    order = decode(relative)
    raw = order_data(relative)
    assert order.order_id == str(raw["order_id"])
    assert order.status is not OrderStatus.UNKNOWN
    assert order.raw_status == raw["status"]
    assert order.amount == raw["amount"]
    assert isinstance(order.transaction_id, int)
    assert order.transaction_id == int(raw["transaction_id"])


def test_get_order_example_keeps_17_digit_ids_and_decimal_costs() -> None:
    order = decode("api-examples/responses/getOrder.json")
    assert order.transaction_id == 17472052901237122  # > 2**53: a float would give ...120
    assert order.status is OrderStatus.COMPLETED
    assert order.financial_status is FinancialStatus.COMPLETED
    assert order.currency == "EUR" and order.amount == 1000
    assert order.created == datetime(2025, 5, 14, 8, 48, 10)
    assert order.completed == datetime(2025, 5, 14, 8, 50, 32)
    assert [c.amount_major for c in order.costs] == [Decimal("0.01"), Decimal("0")]
    assert order.costs[1].transaction_id == 1747219123451369
    assert order.costs[1].created == datetime(2025, 5, 14, 12, 44, 50)
    assert order.customer is not None and order.customer.locale == "en_US"
    assert order.customer.first_name is None
    details = order.payment_details
    assert details is not None
    assert details.type == "IDEAL"
    assert details.external_transaction_id == "812312381624212"
    assert details.recurring_id == "998184114125692641912"
    assert order.payment_methods[0].amount == 1
    assert order.payment_methods[0].status is FinancialStatus.COMPLETED
    assert order.related_transactions == ()
    assert order.custom_info is not None and order.custom_info.custom_1 is None
    assert order.reason == "SUCCESS" and order.reason_code is None
    assert (order.var1, order.var2, order.var3) == (None, None, None)


def test_3ds_order_numbers_sent_as_numbers_become_strings_where_they_are_ids() -> None:
    order = decode("api-examples/responses/getOrder3DS.json")
    assert order.status is OrderStatus.REFUNDED
    assert order.amount_refunded == 200
    assert order.customer is not None and order.customer.house_number == "39C"
    assert order.customer.phone1 == "0208500500"
    method = order.payment_methods[0]
    assert method.external_transaction_id == "906015000050"  # int in the JSON
    assert method.last4 == "1234" and method.card_expiry_date == "1904"
    auth = order.payment_details and order.payment_details.card_authentication_result
    assert auth is not None and auth.eci == "05" and auth.status == "Y"
    assert [c.amount_major for c in order.costs] == [Decimal("0.03"), Decimal("0.02")]


def test_failed_3ds_order_is_declined_and_final() -> None:
    order = decode("api-examples/responses/getOrderFailed3DS.json")
    assert order.status is OrderStatus.DECLINED and order.status.has_failed
    assert order.reason_code == "3001"
    assert order.payment_details is not None and order.payment_details.response_code == "08"


def test_authorised_manual_capture_order() -> None:
    order = decode(
        "api-examples/legacy-api-2022/orders_order-status-authorised-transaction.response.json"
    )
    assert order.status is OrderStatus.COMPLETED
    assert order.financial_status is FinancialStatus.INITIALIZED  # authorised, not captured
    details = order.payment_details
    assert details is not None
    assert details.capture == "manual"
    assert details.capture_expiry == datetime(2020, 6, 6, 5, 53, 44)
    assert details.capture_remain == 9743
    assert details.recurring_id == "57876598769"


def test_related_refund_costs_are_minor_units_unlike_order_costs() -> None:
    order = decode("api-examples/legacy-api-2022/orders_get-order-details.response.json")
    assert order.costs[0].amount_major == Decimal("0.19")
    refund = order.related_transactions[0]
    assert refund.amount == 200 and refund.transaction_id == 123456789
    assert refund.costs[0].amount == 19 and isinstance(refund.costs[0].amount, int)


def test_php_notification_body_strings_for_numbers_and_empty_array_objects() -> None:
    order = decode("fixtures/php-sdk/NotificationTest.body.json")
    assert order.currency == "GBP" and order.amount == 24293
    assert order.costs[0].transaction_id == 2583849  # "2583849" in the JSON
    assert order.costs[0].amount_major == Decimal("7.04")
    assert order.checkout_options is not None
    assert order.checkout_options.default is None  # PHP's empty object: []
    assert order.checkout_options.alternate[0].rules[0].rate == Decimal("0.00")
    assert order.checkout_options.alternate[0].standalone is None  # ""
    assert order.shopping_cart is not None
    item = order.shopping_cart.items[0]
    assert item.unit_price == Decimal("242.93") and isinstance(item.unit_price, Decimal)
    assert item.quantity == 1  # "1"
    assert item.weight is not None and item.weight.value is None
    assert order.payment_methods[0].last4 == "1111"  # 1111
    assert order.var2 == "182"


def test_php_order_fixture_cart_tax_tables_and_int_house_number() -> None:
    order = decode("fixtures/php-sdk/order.json")
    assert order.financial_status is FinancialStatus.UNCLEARED
    assert order.customer is not None and order.customer.house_number == "39"
    assert order.customer.phone == "0623160207"
    assert order.checkout_options is not None and order.checkout_options.default is not None
    assert order.checkout_options.default.shipping_taxed is True
    assert [t.name for t in order.checkout_options.alternate][:2] == ["BTW21", "BTW6"]
    assert order.checkout_options.alternate[0].rules[0].rate == Decimal("0.21")
    assert order.shopping_cart is not None
    assert order.shopping_cart.items[0].unit_price == Decimal("50.00")
    assert order.shopping_cart.items[0].description == "1234"  # an int in the JSON
    assert order.order_total == Decimal("100.00")


def test_webhook_payload_with_string_transaction_id_equals_get_shape() -> None:
    order = decode("api-examples/webhook/docs-vector.payload.json")
    assert order.transaction_id == 123456789  # "123456789" in the JSON
    assert order.costs[0].transaction_id == 123456789
    assert order.costs[0].amount_major == Decimal("0.49")


def test_afterpay_order_uncleared_funds() -> None:
    order = decode("fixtures/python-sdk/test_integration_order_response_afterpay_direct.data.json")
    assert order.status is OrderStatus.COMPLETED
    assert order.financial_status is FinancialStatus.UNCLEARED
    assert order.financial_status.is_pending
    assert order.reason is None and order.reason_code is None
    assert [c.amount_major for c in order.costs] == [Decimal("3.75"), Decimal("1")]


def _minimal(**changes: Any) -> dict[str, Any]:
    return {"order_id": "o-1", "status": "completed", **changes}


@pytest.mark.parametrize("empty", [None, ""])
def test_null_and_empty_string_mean_absent_for_non_string_fields(empty: Any) -> None:
    order = converter.structure(
        _minimal(amount=empty, created=empty, customer=empty, transaction_id=empty), Order
    )
    assert (order.amount, order.created, order.customer, order.transaction_id) == (None,) * 4


def test_missing_keys_take_defaults_and_unknown_keys_are_ignored() -> None:
    order = converter.structure(_minimal(brand_new_field={"x": 1}, costs=None), Order)
    assert order.costs == () and order.payment_methods == () and order.financial_status is None


def test_unknown_status_decodes_to_unknown_and_keeps_the_raw_value() -> None:
    order = converter.structure(_minimal(status="on_the_moon", financial_status="sideways"), Order)
    assert order.status is OrderStatus.UNKNOWN and order.raw_status == "on_the_moon"
    assert order.financial_status is FinancialStatus.UNKNOWN
    assert order.raw_financial_status == "sideways"


@pytest.mark.parametrize("spelling", ["chargedback", "chargeback", "CHARGEBACK"])
def test_both_chargeback_spellings_decode_to_one_status(spelling: str) -> None:
    order = converter.structure(_minimal(status=spelling, financial_status=spelling), Order)
    assert order.status is OrderStatus.CHARGEDBACK
    assert order.financial_status is FinancialStatus.CHARGEDBACK
    assert order.raw_status == spelling


def test_numbers_as_strings_are_accepted_for_amounts() -> None:
    order = converter.structure(_minimal(amount="1000", amount_refunded=" 250 "), Order)
    assert order.amount == 1000 and order.amount_refunded == 250


def test_a_notification_and_a_get_of_the_same_order_give_equal_models() -> None:
    as_get = _minimal(transaction_id=17472052901237122, costs=[{"transaction_id": 5}])
    as_webhook = _minimal(transaction_id="17472052901237122", costs=[{"transaction_id": "5"}])
    assert converter.structure(as_get, Order) == converter.structure(as_webhook, Order)


def test_models_are_frozen_and_slotted() -> None:
    order = converter.structure(_minimal(), Order)
    with pytest.raises(AttributeError):
        order.status = OrderStatus.VOID  # type: ignore[misc]
    assert not hasattr(order, "__dict__")
