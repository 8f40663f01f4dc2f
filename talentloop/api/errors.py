"""Every API error is JSON naming the field and the reason: {"detail": ..., "errors": {field: [reasons]}}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from talentloop.errors import DomainError


def _as_field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for field, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _as_field_errors(value).items():
                    out[f"{field}.{sub}"] = msgs
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for i, item in enumerate(value):
                    for sub, msgs in _as_field_errors(item).items():
                        out[f"{field}[{i}].{sub}"] = msgs
            else:
                out["detail" if field == "non_field_errors" else field] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    if isinstance(detail, list):
        return {"detail": [str(v) for v in detail]}
    return {"detail": [str(detail)]}


def _body(errors: dict[str, list[str]], extra: dict | None = None) -> dict:
    summary = "; ".join(
        " ".join(msgs) if field == "detail" else f"{field}: {' '.join(msgs)}" for field, msgs in errors.items()
    )
    return {"detail": summary, "errors": errors, **(extra or {})}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(_body(exc.errors, exc.extra), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(_body(errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _body(_as_field_errors(response.data))
    return response
