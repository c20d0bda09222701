"""attrs models of MultiSafepay's JSON objects. Decoding rules live in the converter."""

from .cart import (
    CartItem,
    CheckoutOptions,
    DefaultTaxRate,
    ShoppingCart,
    TaxRule,
    TaxTable,
    TaxTables,
    Weight,
)
from .common import CustomInfo
from .order import (
    CardAuthenticationResult,
    Cost,
    CreatedOrder,
    Customer,
    Order,
    OrderAdjustment,
    PaymentDetails,
    PaymentMethod,
    RelatedTransaction,
    TransactionCost,
)
from .requests import (
    CustomerDetails,
    Delivery,
    OrderRequest,
    OrderType,
    PaymentOptions,
    Plugin,
    SecondChance,
)
from .status import FinancialStatus, OrderStatus

__all__ = [
    "CardAuthenticationResult",
    "CartItem",
    "CheckoutOptions",
    "Cost",
    "CreatedOrder",
    "CustomInfo",
    "Customer",
    "CustomerDetails",
    "DefaultTaxRate",
    "Delivery",
    "FinancialStatus",
    "Order",
    "OrderAdjustment",
    "OrderRequest",
    "OrderStatus",
    "OrderType",
    "PaymentDetails",
    "PaymentMethod",
    "PaymentOptions",
    "Plugin",
    "RelatedTransaction",
    "SecondChance",
    "ShoppingCart",
    "TaxRule",
    "TaxTable",
    "TaxTables",
    "TransactionCost",
    "Weight",
]
