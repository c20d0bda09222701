"""Checks for the documents an API call uploads (chargeback evidence, bank statements,
identity documents): base64 that decodes, within the size limit, and bytes that are the type
the call declares. A wrong or broken file is refused before it is sent, naming the field."""

from __future__ import annotations

import base64
import binascii

from .._config import MAX_UPLOAD_BYTES

__all__ = ["FILE_TYPES", "MIME_TYPES", "encode_file", "file_problems"]

# How each accepted type's bytes begin.
_SIGNATURES = {"PDF": b"%PDF-", "JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}
FILE_TYPES = tuple(_SIGNATURES)
MIME_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def file_problems(field: str, encoded: object, kind: str) -> list[str]:
    """What is wrong with `encoded` as the base64 of a `kind` file ("PDF", "JPEG", "PNG")."""
    if not isinstance(encoded, str):
        return [f"$.{field}: expected base64 text, got {type(encoded).__name__}"]
    if len(encoded) > (MAX_UPLOAD_BYTES + 2) // 3 * 4:  # refused before it is decoded
        return [f"$.{field}: the file is larger than {MAX_UPLOAD_BYTES:,} bytes"]
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return [f"$.{field}: not valid base64"]
    if not content:
        return [f"$.{field}: the file is empty"]
    if len(content) > MAX_UPLOAD_BYTES:
        return [f"$.{field}: the file is larger than {MAX_UPLOAD_BYTES:,} bytes"]
    if not content.startswith(_SIGNATURES[kind]):
        return [f"$.{field}: the content is not a {kind} file"]
    return []


def encode_file(content: bytes | bytearray | memoryview) -> str:
    """Raw file bytes as the base64 text the API takes."""
    return base64.b64encode(bytes(content)).decode("ascii")
