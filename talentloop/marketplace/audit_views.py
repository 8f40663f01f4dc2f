"""The audit log page for talent admins (/audit-log/) and its CSV export of the filtered rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from talentloop.accounts.forms import Form, add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import Forbidden, InvalidInput
from talentloop.marketplace.audit import (
    ACTOR_ROLES,
    AuditEntry,
    AuditFilter,
    AuditKind,
    AuditLog,
    audit_log,
    can_view_audit_log,
    role_label,
)
from talentloop.marketplace.models import TypeChoices

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = [("", "any")]


class AuditLogForm(Form):
    kind = forms.ChoiceField(label="Changes of", required=False, choices=[("", "applications and opportunities"),
                             (AuditKind.APPLICATION, "applications"), (AuditKind.OPPORTUNITY, "opportunities")])
    type = forms.ChoiceField(label="Opportunity type", required=False, choices=ANY + list(TypeChoices.choices))
    actor_role = forms.ChoiceField(label="Made by", required=False, choices=ANY + [(r, role_label(r)) for r in ACTOR_ROLES])
    start = forms.DateField(label="From", required=False, widget=DATE)
    end = forms.DateField(label="To (inclusive)", required=False, widget=DATE)
    q = forms.CharField(label="Opportunity or person", required=False, max_length=200,
                        help_text="Words in the opportunity's title, or the name of the person or of who made the change.")


def _filtered(request) -> tuple[AuditLogForm, AuditLog | None]:
    """The form bound to the query string, and the log it selects (None when the form is invalid)."""
    p = personas(request)
    form = AuditLogForm(request.GET)
    if not form.is_valid():
        return form, None
    try:
        return form, audit_log(p, AuditFilter(**form.cleaned_data))
    except InvalidInput as exc:
        add_domain_errors(form, exc)
        return form, None


def _refused(request):
    if not can_view_audit_log(personas(request)):
        return domain_error_response(request, Forbidden("The audit log is open only to talent admins."))
    return None


@login_required
def audit_log_page(request):
    refused = _refused(request)
    if refused is not None:
        return refused
    form, log = _filtered(request)
    page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("page")) if log is not None else None
    return render(request, "marketplace/audit_log.html", {"form": form, "page": page}, status=200 if log is not None else 400)


CSV_COLUMNS = [
    "at", "kind", "opportunity_type", "opportunity", "opportunity_id", "application_id", "person", "person_id",
    "from_status", "to_status", "event", "actor", "actor_role", "reason",
]


def _cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula (a title or a reason may start with = or @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(e: AuditEntry) -> list[str]:
    return [
        e.at.isoformat(), e.kind, e.opportunity_type, _cell(e.opportunity_title), str(e.opportunity_id),
        str(e.application_id or ""), _cell(e.person_name), str(e.person_id or ""), e.from_status, e.to_status,
        e.event, _cell(e.actor_name), e.actor_role, _cell(e.reason),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(log: AuditLog) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in log:
        yield writer.writerow(_csv_row(entry))


@login_required
def audit_log_csv(request):
    """Every row the page's filters select (not only one page), streamed."""
    refused = _refused(request)
    if refused is not None:
        return refused
    form, log = _filtered(request)
    if log is None:
        return render(request, "marketplace/audit_log.html", {"form": form, "page": None}, status=400)
    response = StreamingHttpResponse(_csv_lines(log), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="talentloop-audit-log-{timezone.localdate():%Y%m%d}.csv"'
    return response
