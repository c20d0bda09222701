"""Status enums: every documented value, tolerant spellings, and what the helpers mean."""

from __future__ import annotations

import pytest

from multisafepay_async import FinancialStatus, OrderStatus

DOCUMENTED_ORDER = [
    "initialized",
    "completed",
    "uncleared",
    "reserved",
    "shipped",
    "declined",
    "cancelled",
    "void",
    "expired",
    "refunded",
    "partial_refunded",
    "chargedback",
]
DOCUMENTED_FINANCIAL = [
    "initialized",
    "completed",
    "uncleared",
    "reserved",
    "declined",
    "cancelled",
    "void",
    "expired",
    "refunded",
    "partial_refunded",
    "chargedback",
    "created",
    "new",
    "manual",
    "error",
]


@pytest.mark.parametrize("value", DOCUMENTED_ORDER)
def test_every_documented_order_status_has_a_member(value: str) -> None:
    assert OrderStatus(value).value == value


@pytest.mark.parametrize("value", DOCUMENTED_FINANCIAL)
def test_every_documented_financial_status_has_a_member(value: str) -> None:
    assert FinancialStatus(value).value == value


@pytest.mark.parametrize(
    ("raw", "member"),
    [
        ("chargeback", OrderStatus.CHARGEDBACK),
        ("canceled", OrderStatus.CANCELLED),
        ("Completed", OrderStatus.COMPLETED),
        (" expired ", OrderStatus.EXPIRED),
        ("something_new", OrderStatus.UNKNOWN),
        (42, OrderStatus.UNKNOWN),
    ],
)
def test_spellings_are_normalised_and_unknown_values_never_raise(
    raw: object, member: OrderStatus
) -> None:
    assert OrderStatus(raw) is member


def test_statuses_compare_and_print_as_their_api_strings() -> None:
    assert OrderStatus.COMPLETED == "completed"
    assert str(OrderStatus.PARTIAL_REFUNDED) == "partial_refunded"


@pytest.mark.parametrize(
    ("status", "pending", "paid", "final"),
    [
        (OrderStatus.INITIALIZED, True, False, False),
        (OrderStatus.UNCLEARED, True, False, False),
        (OrderStatus.RESERVED, True, False, False),
        (OrderStatus.COMPLETED, False, True, False),  # can still be refunded or charged back
        (OrderStatus.SHIPPED, False, True, False),
        (OrderStatus.DECLINED, False, False, True),
        (OrderStatus.CANCELLED, False, False, True),
        (OrderStatus.VOID, False, False, True),
        (OrderStatus.EXPIRED, False, False, True),
        (OrderStatus.REFUNDED, False, False, False),
        (OrderStatus.CHARGEDBACK, False, False, False),
        (OrderStatus.UNKNOWN, False, False, False),
    ],
)
def test_order_status_helpers(status: OrderStatus, pending: bool, paid: bool, final: bool) -> None:
    assert (status.is_pending, status.is_paid, status.is_final) == (pending, paid, final)


def test_financial_status_helpers() -> None:
    assert FinancialStatus.COMPLETED.is_paid and not FinancialStatus.COMPLETED.is_pending
    assert FinancialStatus.UNCLEARED.is_pending
    assert FinancialStatus.ERROR.is_final and FinancialStatus.DECLINED.is_final
    assert not FinancialStatus.UNKNOWN.is_final
