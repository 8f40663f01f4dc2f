"""Career explorer: next roles, a role's gap and plan, and starting or leaving a pathway."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from talentloop.accounts.personas import personas
from talentloop.pathways import services
from talentloop.pathways.models import Pathway
from talentloop.roles.models import Role


def _employee(request):
    p = personas(request)
    if p.employee is None:
        raise PermissionDenied("Pathways are for employees; your account has no employee profile.")
    return p


@login_required
def explorer(request):
    p = _employee(request)
    pathways = list(Pathway.objects.filter(employee=p.employee).select_related("role"))
    context = {
        "plans": [services.plan_for_role(p.employee, pw.role) for pw in pathways],
        "next_roles": services.next_roles(p.employee),
        "roles": Role.objects.order_by("title"),
    }
    return render(request, "pathways/explorer.html", context)


@login_required
def role_plan(request, slug):
    p = _employee(request)
    role = get_object_or_404(Role, slug=request.GET.get("role") or slug)
    plan = services.plan_for_role(p.employee, role)
    return render(request, "pathways/plan.html", {"plan": plan, "following": plan.progress is not None})


@login_required
@require_POST
def start(request, slug):
    p = _employee(request)
    role = get_object_or_404(Role, slug=slug)
    services.start_pathway(p, role)
    messages.success(request, f"You follow a pathway to {role.title}; it is one of your target roles now.")
    return redirect("pathways:plan", slug=role.slug)


@login_required
@require_POST
def stop(request, slug):
    p = _employee(request)
    role = get_object_or_404(Role, slug=slug)
    services.stop_pathway(p, role)
    messages.info(request, f"You no longer follow the pathway to {role.title}.")
    return redirect("pathways:explorer")
