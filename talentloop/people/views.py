"""Profile pages: my profile (view and edit), another person's profile as far as they share it, my team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from talentloop.accounts.forms import TokenForm, add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, InvalidInput
from talentloop.marketplace.access import awaiting_release, visible_applications
from talentloop.marketplace.lifecycle import LIVE, ApplicationStatus
from talentloop.marketplace.models import TypeChoices
from talentloop.marketplace.views import moves_of
from talentloop.people import services
from talentloop.people.access import ProfileAccess
from talentloop.people.forms import (
    AspirationForm,
    EvidenceForm,
    InferredSkillsForm,
    ProfileForm,
    SkillForm,
    SuggestSkillsForm,
    VisibilityForm,
)
from talentloop.people.models import (
    Aspiration,
    Employee,
    EmployeeSkill,
    EvidenceSource,
    SkillEvidence,
    WorkMode,
)
from talentloop.people.timeline import timeline_for
from talentloop.skills import intelligence
from talentloop.skills.models import Skill
from talentloop.skills.views import ShownSuggestion, shown


def _require_employee(request) -> Employee:
    emp = personas(request).employee
    if emp is None:
        raise PermissionDenied("Your account has no employee profile, so there is no profile to change.")
    return emp


def _skills_of(employee: Employee, *, with_evidence: bool = False):
    qs = EmployeeSkill.objects.filter(employee=employee).select_related("skill")
    if with_evidence:
        qs = qs.prefetch_related(Prefetch("evidence", queryset=SkillEvidence.objects.all()))
    return qs


TYPE_LABELS = dict(TypeChoices.choices)
WORK_MODE_LABELS = dict(WorkMode.choices)


def _label_aspiration(aspiration: Aspiration | None) -> Aspiration | None:
    """Readable names for the stored codes of wanted opportunity types and work modes."""
    if aspiration is not None:
        aspiration.type_labels = [TYPE_LABELS.get(t, t) for t in aspiration.opportunity_types]
        aspiration.work_mode_labels = [WORK_MODE_LABELS.get(m, m) for m in aspiration.work_modes]
    return aspiration


def render_profile(request, *, status: int = 200, **bound_forms):
    """The whole /me/ page; a failed form is passed in bound, with its errors, the others start fresh."""
    p = personas(request)
    emp = p.employee
    context: dict = {
        "emp": emp,
        "tokens": request.user.api_tokens.all(),
        "token_form": bound_forms.get("token_form") or TokenForm(prefix="token"),
        "new_token": request.session.pop("new_token", None) if request.method == "GET" else None,
    }
    if emp is not None:
        skills = list(_skills_of(emp, with_evidence=True))
        aspiration = (
            Aspiration.objects.filter(employee=emp).prefetch_related("target_roles", "skills_to_grow").first()
        )
        current_to_grow = aspiration.skills_to_grow.all() if aspiration else Skill.objects.none()
        failed_evidence = bound_forms.get("evidence_form")
        for es in skills:
            sources = {ev.source for ev in es.evidence.all()}
            es.only_inferred = sources == {EvidenceSource.INFERRED}
        context |= {
            "skills": [
                (
                    es,
                    failed_evidence
                    if failed_evidence is not None and failed_evidence.skill_id == es.skill_id
                    else EvidenceForm(auto_id=f"id_ev_{es.skill.slug}_%s", initial={"proficiency": es.proficiency}),
                )
                for es in skills
            ],
            "aspiration": aspiration,
            "profile_form": bound_forms.get("profile_form") or ProfileForm(initial={
                "summary": emp.summary, "weekly_hours_available": emp.weekly_hours_available,
                "work_mode": emp.work_mode, "location": emp.location.slug if emp.location else None,
            }),
            "visibility_form": bound_forms.get("visibility_form") or VisibilityForm(initial={
                name: getattr(emp, name) for name in VisibilityForm.base_fields
            }),
            "skill_form": bound_forms.get("skill_form") or SkillForm(),
            "aspiration_form": bound_forms.get("aspiration_form") or AspirationForm(
                current_skills_to_grow=current_to_grow,
                initial={
                    "target_roles": [r.slug for r in aspiration.target_roles.all()] if aspiration else [],
                    "skills_to_grow": [s.slug for s in current_to_grow] if aspiration else [],
                    "opportunity_types": aspiration.opportunity_types if aspiration else [],
                    "work_modes": aspiration.work_modes if aspiration else [],
                    "open_to_relocation": aspiration.open_to_relocation if aspiration else False,
                },
            ),
        }
    return render(request, "people/me.html", context, status=status)


@login_required
def me(request):
    return render_profile(request)


def _saved(request, text: str, anchor: str):
    messages.success(request, text)
    return redirect(reverse("people:me") + f"#{anchor}")


def _submit(request, form, call, *, aliases: dict[str, str] | None = None):
    """Run `call` (a service) for a valid form.

    Returns (result, None) on success, (None, None) when the form now carries the errors, or
    (None, response) with the 403/404/409 page for any other domain error.
    """
    if not form.is_valid():
        return None, None
    try:
        return call(form.cleaned_data), None
    except InvalidInput as exc:
        add_domain_errors(form, exc, aliases=aliases)
        return None, None
    except DomainError as exc:
        return None, domain_error_response(request, exc)


@login_required
@require_POST
def update_profile(request):
    emp = _require_employee(request)
    form = ProfileForm(request.POST)
    saved, error = _submit(request, form, lambda data: services.update_profile(personas(request), emp, data))
    if error or saved:
        return error or _saved(request, "Your profile is saved.", "profile")
    return render_profile(request, profile_form=form, status=400)


@login_required
@require_POST
def update_visibility(request):
    emp = _require_employee(request)
    form = VisibilityForm(request.POST)
    saved, error = _submit(request, form, lambda data: services.update_profile(personas(request), emp, data))
    if error or saved:
        return error or _saved(request, "Your visibility settings are saved.", "visibility")
    return render_profile(request, visibility_form=form, status=400)


@login_required
@require_POST
def add_skill(request):
    emp = _require_employee(request)
    form = SkillForm(request.POST)
    es, error = _submit(request, form, lambda data: services.set_skill(
        personas(request), emp, data["skill"], data["proficiency"], note=data["note"], link=data["link"]
    ))
    if error or es:
        return error or _saved(request, f"{es.skill.label} is on your profile at level {es.proficiency}.", "skills")
    return render_profile(request, skill_form=form, status=400)


def _suggestions_for(employee: Employee, text: str) -> tuple[list[ShownSuggestion], list[ShownSuggestion]]:
    """The skills `text` suggests: (those to offer, those already on the profile)."""
    held = set(EmployeeSkill.objects.filter(employee=employee).values_list("skill_id", flat=True))
    suggestions = [shown(s) for s in intelligence.infer(text)] if len(text) <= intelligence.MAX_TEXT else []
    return [s for s in suggestions if s.skill.pk not in held], [s for s in suggestions if s.skill.pk in held]


def _render_suggest_page(request, text_form, confirm_form=None, already=(), *, status: int = 200):
    context = {"text_form": text_form, "confirm_form": confirm_form, "already": already}
    return render(request, "people/suggest_skills.html", context, status=status)


@login_required
def suggest_skills(request):
    """Suggest skills from a text (GET: the form with the summary; POST: the suggestions). Nothing is written here."""
    emp = _require_employee(request)
    if request.method != "POST":
        return _render_suggest_page(request, SuggestSkillsForm(initial={"text": emp.summary}))
    form = SuggestSkillsForm(request.POST)
    if not form.is_valid():
        return _render_suggest_page(request, form, status=400)
    text = form.cleaned_data["text"]
    offered, already = _suggestions_for(emp, text)
    confirm = InferredSkillsForm(suggestions=offered, initial={"text": text})
    return _render_suggest_page(request, form, confirm, already)


@login_required
@require_POST
def add_inferred_skills(request):
    """Add the suggestions the person ticked, as inferred (unverified) evidence."""
    emp = _require_employee(request)
    text = request.POST.get("text", "")
    offered, already = _suggestions_for(emp, text)
    form = InferredSkillsForm(request.POST, suggestions=offered)
    result, error = _submit(request, form, lambda data: services.add_inferred_skills(personas(request), emp, form.items()))
    if error:
        return error
    if result:
        added, skipped = result
        text_added = f"Added as suggestions from your text: {', '.join(es.skill.label for es in added)}." if added else ""
        text_skipped = f" Already on your profile, left as they were: {', '.join(s.label for s in skipped)}." if skipped else ""
        return _saved(request, (text_added + text_skipped).strip(), "skills")
    text_form = SuggestSkillsForm(initial={"text": text[: intelligence.MAX_TEXT]})
    return _render_suggest_page(request, text_form, form, already, status=400)


@login_required
@require_POST
def add_evidence(request, slug: str):
    emp = _require_employee(request)
    es = get_object_or_404(EmployeeSkill.objects.select_related("skill"), employee=emp, skill__slug=slug)
    form = EvidenceForm(request.POST, auto_id=f"id_ev_{slug}_%s")
    form.skill_id = es.skill_id
    saved, error = _submit(request, form, lambda data: services.set_skill(
        personas(request), emp, es.skill, data["proficiency"], note=data["note"], link=data["link"]
    ))
    if error or saved:
        return error or _saved(request, f"Evidence added to {es.skill.label}.", "skills")
    return render_profile(request, evidence_form=form, status=400)


@login_required
@require_POST
def remove_skill(request, slug: str):
    emp = _require_employee(request)
    skill = get_object_or_404(Skill, slug=slug)
    try:
        services.remove_skill(personas(request), emp, skill)
    except DomainError as exc:
        return domain_error_response(request, exc)
    return _saved(request, f"{skill.label} is removed from your profile.", "skills")


@login_required
@require_POST
def update_aspirations(request):
    emp = _require_employee(request)
    aspiration = Aspiration.objects.filter(employee=emp).first()
    current = aspiration.skills_to_grow.all() if aspiration else Skill.objects.none()
    form = AspirationForm(request.POST, current_skills_to_grow=current)
    saved, error = _submit(request, form, lambda data: services.set_aspirations(
        personas(request), emp,
        target_roles=list(data["target_roles"]), skills_to_grow=form.skills(),
        opportunity_types=data["opportunity_types"], work_modes=data["work_modes"],
        open_to_relocation=data["open_to_relocation"],
    ), aliases={"skills_to_grow": "add_skill_to_grow"})
    if error or saved:
        return error or _saved(request, "Your aspirations are saved.", "aspirations")
    return render_profile(request, aspiration_form=form, status=400)


@login_required
def person(request, public_id):
    """Another person's profile, showing only what ProfileAccess allows; 404 when nothing is (not 403:
    the page must not reveal that the person exists)."""
    access = ProfileAccess(personas(request))
    employee = (
        Employee.objects.select_related("user", "department", "location", "role", "manager__user")
        .filter(public_id=public_id)
        .first()
    )
    if employee is None:
        raise Http404
    view = access.view_of(employee)
    if not view.anything:
        raise Http404
    context = {"person": employee, "view": view}
    if view.skills:
        context["skills"] = list(_skills_of(employee))
        # Ratings and endorsements are skills evidence: the timeline goes with the skills.
        context["timeline"] = timeline_for(employee, viewer=personas(request))
    if view.aspirations:
        context["aspiration"] = _label_aspiration(
            Aspiration.objects.filter(employee=employee).prefetch_related("target_roles", "skills_to_grow").first()
        )
    return render(request, "people/person.html", context)


@login_required
def team(request):
    p = personas(request)
    if not p.is_line_manager:
        raise PermissionDenied("This page is for line managers; nobody reports to you.")
    manager = p.employee
    access = ProfileAccess(p)
    reports = list(
        manager.reports.filter(leave_date__isnull=True)
        .select_related("user", "department", "location")
        .prefetch_related(
            Prefetch("skills", queryset=EmployeeSkill.objects.select_related("skill")),
            Prefetch("aspiration__target_roles"),
            Prefetch("aspiration__skills_to_grow"),
        )
    )
    rows = []
    for report in reports:
        view = access.view_of(report)
        if view.aspirations:
            # A missing one-to-one raises a subclass of AttributeError, so getattr's default covers it.
            _label_aspiration(getattr(report, "aspiration", None))
        rows.append((report, view))
    awaiting = list(
        awaiting_release(manager)
        .select_related("applicant__user", "applicant__manager__user", "opportunity__owner__user", "opportunity__department")
        .order_by("status_changed_at")
    )
    awaiting_rows = [(a, moves_of(p, a)) for a in awaiting]
    # The rest of the team's live applications this manager may see (a confidential permanent role only from the
    # offer on, or with consent): where an offer notice leads.
    team_applications = list(
        visible_applications(p).filter(applicant__manager=manager, status__in=sorted(LIVE - {ApplicationStatus.COMPLETED}))
        .exclude(pk__in=[a.pk for a in awaiting])
        .select_related("applicant__user", "opportunity__owner__user").order_by("-status_changed_at")[:100]
    )
    context = {"rows": rows, "awaiting": awaiting_rows, "team_applications": team_applications}
    return render(request, "people/team.html", context)
