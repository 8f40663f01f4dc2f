"""The bias audit page, for admins with the permission to view it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from talentloop.accounts.forms import add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, Forbidden
from talentloop.fairness.forms import AuditForm
from talentloop.fairness.services import can_view_bias_audit, run_audit


@login_required
def audit(request):
    p = personas(request)
    if not can_view_bias_audit(p):
        return domain_error_response(request, Forbidden("The bias audit is open only to admins with the permission to view it."))
    # Fields left out of the query take their defaults, so the bare page shows the last twelve months.
    form = AuditForm(AuditForm.defaults() | {name: request.GET[name] for name in AuditForm.base_fields if name in request.GET})
    report, status = None, 400
    if form.is_valid():
        try:
            report = run_audit(p, **form.cleaned_data)
            status = 200
        except DomainError as exc:
            if isinstance(exc, Forbidden):
                return domain_error_response(request, exc)
            add_domain_errors(form, exc)
            status = exc.status_code
    return render(request, "fairness/audit.html", {"form": form, "report": report}, status=status)
