"""Domain errors raised by services; the API and the web UI turn them into 400/403/404/409 answers."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, errors: dict[str, list[str]] | str, *, extra: dict | None = None):
        if isinstance(errors, str):
            errors = {"detail": [errors]}
        self.errors = errors
        self.extra = extra or {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "; ".join(f"{field}: {' '.join(msgs)}" if field != "detail" else " ".join(msgs) for field, msgs in self.errors.items())


class InvalidInput(DomainError):
    status_code = 400


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409
