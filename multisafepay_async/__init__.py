"""multisafepay-async: an asyncio-native client for the MultiSafepay payments API."""

from ._batch import BatchFailure, BatchOutcome, BatchProgress, BatchResult, BatchSuccess
from ._client import AsyncClient
from ._dump import to_dict, to_json
from ._observe import APIResponse, RequestEvent
from ._retry import RetryPolicy
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ClientStateError,
    InvalidRequestError,
    InvalidResponseError,
    MultiSafepayError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RefundRefusedError,
    ResponseDecodeError,
    ServerError,
    ServiceUnavailableError,
    ValidationError,
    WaitTimeoutError,
    WebhookVerificationError,
)
from .models import (
    CreatedOrder,
    FinancialStatus,
    OperationResult,
    Order,
    OrderEvent,
    OrderRequest,
    OrderStatus,
    Transaction,
)
from .models.shapes import CaptureRequestDict, OrderRequestDict, OrderUpdateDict, RefundRequestDict
from .resources._base import CallOptions
from .resources.events import EventStream

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BatchFailure",
    "BatchOutcome",
    "BatchProgress",
    "BatchResult",
    "BatchSuccess",
    "CallOptions",
    "CaptureRequestDict",
    "ClientStateError",
    "CreatedOrder",
    "EventStream",
    "FinancialStatus",
    "InvalidRequestError",
    "InvalidResponseError",
    "MultiSafepayError",
    "NotFoundError",
    "OperationResult",
    "Order",
    "OrderEvent",
    "OrderRequest",
    "OrderRequestDict",
    "OrderStatus",
    "OrderUpdateDict",
    "OutcomeUnknownError",
    "RateLimitError",
    "RefundRefusedError",
    "RefundRequestDict",
    "RequestEvent",
    "ResponseDecodeError",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailableError",
    "Transaction",
    "ValidationError",
    "WaitTimeoutError",
    "WebhookVerificationError",
    "__version__",
    "to_dict",
    "to_json",
]
