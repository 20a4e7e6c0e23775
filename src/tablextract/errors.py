"""One exception hierarchy: every failure of one input is a TablextractError with a kind."""
from __future__ import annotations

from typing import Literal

ErrorKind = Literal["not_found", "unreadable", "empty", "corrupt", "encrypted", "unsupported_format",
                    "too_large", "needs_ocr", "timeout", "no_workers", "unwritable", "locked",
                    "internal"]


class TablextractError(Exception):
    """A clear, one-line failure of one input file."""

    def __init__(self, kind: ErrorKind, message: str, path: str | None = None):
        message = " ".join(str(message).split())  # always one line
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message
        self.path = path

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.kind, self.message, self.path))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path or "", "kind": self.kind, "message": self.message}
