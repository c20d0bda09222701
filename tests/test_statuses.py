"""Status enums: every documented value, tolerant spellings, and what the helpers mean."""

from __future__ import annotations

import pytest

from multisafepay_async import FinancialStatus, OrderStatus

from .status_table import PAGE, in_page, render

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
    ("status", "pending", "paid", "failed", "may_move"),
    [
        (OrderStatus.INITIALIZED, True, False, False, True),
        (OrderStatus.UNCLEARED, True, False, False, True),
        (OrderStatus.RESERVED, True, False, False, True),
        (OrderStatus.COMPLETED, False, True, False, True),  # can still be refunded
        (OrderStatus.SHIPPED, False, True, False, True),
        (OrderStatus.PARTIAL_REFUNDED, False, True, False, True),  # paid; part went back
        (OrderStatus.DECLINED, False, False, True, False),
        (OrderStatus.CANCELLED, False, False, True, False),
        (OrderStatus.VOID, False, False, True, False),
        (OrderStatus.EXPIRED, False, False, True, False),
        (OrderStatus.REFUNDED, False, False, False, False),
        (OrderStatus.CHARGEDBACK, False, False, False, True),  # a chargeback can be reversed
        (OrderStatus.UNKNOWN, False, False, False, True),  # not known: assume it may
    ],
)
def test_each_order_status_answers_the_shops_questions(
    status: OrderStatus, pending: bool, paid: bool, failed: bool, may_move: bool
) -> None:
    answers = (status.is_pending, status.is_paid, status.has_failed, status.money_may_move)
    assert answers == (pending, paid, failed, may_move)


def test_the_cases_above_are_every_order_status() -> None:
    listed = test_each_order_status_answers_the_shops_questions.pytestmark[0].args[1]
    assert sorted(case[0] for case in listed) == sorted(OrderStatus)


def test_financial_status_helpers() -> None:
    assert FinancialStatus.COMPLETED.is_paid and not FinancialStatus.COMPLETED.is_pending
    assert FinancialStatus.PARTIAL_REFUNDED.is_paid
    assert FinancialStatus.UNCLEARED.is_pending
    assert FinancialStatus.ERROR.has_failed and FinancialStatus.DECLINED.has_failed
    assert not FinancialStatus.UNKNOWN.has_failed and FinancialStatus.UNKNOWN.money_may_move


@pytest.mark.parametrize("status", [*OrderStatus, *FinancialStatus])
def test_is_final_is_a_deprecated_alias_of_has_failed(
    status: OrderStatus | FinancialStatus,
) -> None:
    with pytest.warns(DeprecationWarning, match="has_failed") as warned:
        final = status.is_final
    assert final == status.has_failed
    assert warned[0].filename == __file__  # the warning points at the caller's line


@pytest.mark.parametrize("status", [*OrderStatus, *FinancialStatus])
def test_every_status_has_a_meaning(status: OrderStatus | FinancialStatus) -> None:
    assert len(status.meaning) > 10


@pytest.mark.parametrize("enum", [OrderStatus, FinancialStatus])
def test_the_docs_table_of_statuses_is_what_the_helpers_say(
    enum: type[OrderStatus] | type[FinancialStatus],
) -> None:
    # Regenerate with: python -m tests.status_table --write
    assert in_page(PAGE.read_text(), enum) == render(enum)
