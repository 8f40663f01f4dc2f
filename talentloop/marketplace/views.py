"""Marketplace pages: browse and search, opportunity detail, post and edit with skill needs, the owner's
applicants, my applications, and the one endpoint that moves an application (every button posts there)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from talentloop.accounts.forms import add_domain_errors
from talentloop.accounts.personas import Personas, personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import Conflict, DomainError, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.access import can_edit_opportunity, visible_applications, visible_opportunities
from talentloop.marketplace.advice import decline_advice
from talentloop.marketplace.audit import opportunity_history
from talentloop.marketplace.forms import (
    OPPORTUNITY_MOVE_LABELS,
    ApplyForm,
    BrowseFilter,
    CompletionForm,
    MoveForm,
    OpportunityForm,
    OpportunityStatusForm,
    SessionForm,
    SkillNeedFormSet,
)
from talentloop.marketplace.lifecycle import (
    LIVE,
    ApplicationStatus,
    OpportunityActor,
    OpportunityStatus,
    OpportunityType,
)
from talentloop.marketplace.models import Application, Opportunity, OpportunitySkill, SkillNeed
from talentloop.matching import services as matching
from talentloop.pathways.services import learn_to_qualify
from talentloop.people.access import ProfileAccess
from talentloop.people.models import EmployeeSkill
from talentloop.skills import intelligence
from talentloop.skills.models import Skill
from talentloop.skills.views import shown, skills_named

PAGE_SIZE = 20
# Required skills first, then nice-to-have, then the ones the person will grow; higher levels first.
NEEDS_IN_ORDER = OpportunitySkill.objects.select_related("skill").order_by(
    Case(
        When(need=SkillNeed.REQUIRED, then=Value(0)),
        When(need=SkillNeed.NICE_TO_HAVE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    ),
    "-level",
    "skill__label",
)
EXTRA_NEED_ROWS = 2
S = ApplicationStatus
STATUS_ORDER = {s.value: i for i, s in enumerate(S)}


# --- buttons: the moves a person may make ----------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    needs_reason: bool = False
    primary: bool = True
    url: str = ""  # a move made on its own page (the owner's completion, with ratings) is a link there


MOVE_LABELS = {
    S.APPLIED: "Accept the invitation",  # the only move to applied is from an invitation
    S.SHORTLISTED: "Shortlist",
    S.OFFERED: "Offer",
    S.RELEASED: "Release",
    S.ACCEPTED: "Accept",
    S.ACTIVE: "Start",
    S.COMPLETED: "Complete",
    S.WITHDRAWN: "Withdraw",
    S.DECLINED: "Decline",
}


def moves_of(p: Personas, application: Application) -> list[Move]:
    """The buttons for the moves services.moves_for allows this person; declining asks for a reason."""
    moves = []
    roles = services.actor_roles(p, application)
    for to in services.moves_for(p, application):
        status = S(to)
        label, url = MOVE_LABELS.get(status, to.capitalize()), ""
        if status == S.WITHDRAWN and application.status == S.INVITED and services.Actor.APPLICANT in roles:
            label = "Decline the invitation"
        if status == S.COMPLETED:
            if services.Actor.APPLICANT in roles:
                label = "Confirm completion"
            else:
                label, url = "Complete and rate skills", reverse("marketplace:complete", args=[application.public_id])
        moves.append(
            Move(
                to=to,
                label=label,
                needs_reason=status == S.DECLINED,
                primary=status not in (S.WITHDRAWN, S.DECLINED),
                url=url,
            )
        )
    return sorted(moves, key=lambda m: (not m.primary, STATUS_ORDER[m.to]))


@dataclass(frozen=True)
class StatusMove:
    to: str
    label: str
    needs_reason: bool = False
    style: str = ""


def _status_moves(p: Personas, opportunity: Opportunity) -> list[StatusMove]:
    """The opportunity's status buttons for this person: the owner publishes (or asks for approval), closes, reopens,
    cancels; an approver approves or sends back with a reason."""
    current = OpportunityStatus(opportunity.status)
    roles = services.opportunity_actor_roles(p, opportunity)
    out = []
    for to in services.opportunity_moves_for(p, opportunity):
        target = OpportunityStatus(to)
        label, needs_reason, style = OPPORTUNITY_MOVE_LABELS[target], False, ""
        if current == OpportunityStatus.PENDING_APPROVAL and OpportunityActor.APPROVER in roles:
            if target == OpportunityStatus.OPEN:
                label = "Approve and publish"
            elif target == OpportunityStatus.DRAFT:
                label, needs_reason, style = "Send back to the owner", OpportunityActor.OWNER not in roles, "secondary"
        elif current == OpportunityStatus.PENDING_APPROVAL and target == OpportunityStatus.DRAFT:
            label, style = "Withdraw the approval request", "secondary"
        elif target == OpportunityStatus.OPEN:
            asks = services.publishing_asks_approval(opportunity)
            label = "Ask for approval to publish" if asks else ("Reopen" if current == OpportunityStatus.CLOSED else "Publish")
        if target == OpportunityStatus.CANCELLED:
            style = "secondary outline"
        elif target == OpportunityStatus.CLOSED:
            style = "secondary"
        out.append(StatusMove(to, label, needs_reason, style))
    order = list(OpportunityStatus)
    return sorted(out, key=lambda m: (m.style != "", order.index(OpportunityStatus(m.to))))


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- browse ----------------------------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def browse(request):
    p = personas(request)
    data = request.GET.copy()
    if not data.getlist("status"):
        data.setlist("status", [OpportunityStatus.OPEN])  # open only unless asked otherwise
    queryset = visible_opportunities(p).select_related("owner__user", "department", "location").prefetch_related(
        Prefetch("skill_needs", queryset=NEEDS_IN_ORDER)
    )
    filterset = BrowseFilter(data, queryset=queryset, request=request)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The employee's match with each card of the page: one index lock and two queries for the page.
    matches = matching.explain_many(p, list(page)) if p.employee is not None else {}
    for o in page:
        o.match = matches.get(o.pk)
    context = {"filter": filterset, "form": filterset.form, "page": page, "valid": valid}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "marketplace/_results.html" if partial else "marketplace/browse.html"
    return render(request, template, context, status=200 if valid else 400)


# --- detail and applying ---------------------------------------------------------------------------------------


def _visible_opportunity(p: Personas, public_id) -> Opportunity:
    return get_object_or_404(
        visible_opportunities(p).select_related("owner__user", "department", "location", "role"), public_id=public_id
    )


def _detail_context(request, opportunity: Opportunity, apply_form: ApplyForm | None = None) -> dict:
    p = personas(request)
    emp = p.employee
    needs = list(NEEDS_IN_ORDER.filter(opportunity=opportunity))
    held = {}
    if emp is not None:
        held = dict(
            EmployeeSkill.objects.filter(employee=emp, skill_id__in=[n.skill_id for n in needs]).values_list("skill_id", "proficiency")
        )
    groups = []
    for need, label in SkillNeed.choices:
        rows = [(n, held.get(n.skill_id)) for n in needs if n.need == need]
        if rows:
            groups.append((need, label, rows))
    application = None
    if emp is not None:
        application = (
            Application.objects.filter(opportunity=opportunity, applicant=emp)
            .select_related("applicant__user")
            .prefetch_related("changes")
            .order_by("-created_at")
            .first()
        )
        if application is not None:
            application.opportunity = opportunity
    is_owner = can_edit_opportunity(p, opportunity)
    status_moves = _status_moves(p, opportunity)
    can_apply = (
        emp is not None
        and opportunity.status == OpportunityStatus.OPEN
        and opportunity.owner_id != emp.pk
        and (application is None or application.status not in LIVE or application.status == S.INVITED)
    )
    permanent = opportunity.type == OpportunityType.PERMANENT_ROLE
    return {
        "match": matching.why(p, opportunity),
        "opportunity": opportunity,
        "need_groups": groups,
        "seats_taken": services.seats_taken(opportunity),
        "application": application,
        # An invitation is accepted with the apply form (it carries the message), not with a bare button.
        "moves": [m for m in moves_of(p, application) if not (can_apply and m.to == S.APPLIED)]
        if application is not None and application.status in LIVE
        else [],
        "can_apply": can_apply,
        "apply_form": apply_form or (ApplyForm(permanent_role=permanent) if can_apply else None),
        "is_owner": is_owner,
        "status_moves": status_moves,
        "opportunity_changes": opportunity_history(p, opportunity),
        # Learn to qualify: for someone who does not fully fit, the gaps and the shortest learning that closes them.
        "qualify": learn_to_qualify(emp, opportunity) if emp is not None and not is_owner else None,
        "needs_release": services.needs_release(opportunity),
        "settings": services.org_settings(),
    }


@login_required
def detail(request, public_id):
    opportunity = _visible_opportunity(personas(request), public_id)
    return render(request, "marketplace/detail.html", _detail_context(request, opportunity))


@login_required
@require_POST
def apply(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    form = ApplyForm(request.POST, permanent_role=opportunity.type == OpportunityType.PERMANENT_ROLE)
    if form.is_valid():
        try:
            result = services.apply(
                p, opportunity, form.cleaned_data["message"],
                share_with_manager=form.cleaned_data.get("share_with_manager", False),
            )
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except DomainError as exc:
            return domain_error_response(request, exc, back=reverse("marketplace:detail", args=[opportunity.public_id]))
        else:
            if result.created:
                messages.success(request, f"Your application to “{opportunity.title}” is sent.")
            else:
                messages.info(request, f"You have already applied to “{opportunity.title}”.")
            return redirect("marketplace:detail", public_id=opportunity.public_id)
    context = _detail_context(request, opportunity, apply_form=form)
    return render(request, "marketplace/detail.html", context, status=400)


@login_required
@require_POST
def change_status(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    if not services.opportunity_actor_roles(p, opportunity):
        raise PermissionDenied("Only the owner or a talent admin may change this opportunity's status.")
    form = OpportunityStatusForm(request.POST)
    back = reverse("marketplace:detail", args=[opportunity.public_id])
    if not form.is_valid():
        return domain_error_response(request, InvalidInput(dict(form.errors)), back=back)
    try:
        opportunity = services.change_opportunity_status(p, opportunity, form.cleaned_data["to"], form.cleaned_data["reason"])
    except DomainError as exc:
        opportunity.refresh_from_db()
        return domain_error_response(
            request, exc, back=back, opportunity=opportunity, status_moves=_status_moves(p, opportunity)
        )
    if opportunity.status == OpportunityStatus.PENDING_APPROVAL:
        messages.info(request, f"“{opportunity.title}” waits for approval: its hours a week are above the organisation's threshold.")
    else:
        messages.success(request, f"“{opportunity.title}” is now {opportunity.get_status_display()}.")
    return redirect(back)


# --- post and edit ---------------------------------------------------------------------------------------------


def _opportunity_forms(request, *, initial: dict, needs_initial: list[dict]):
    if request.method == "POST":
        data = request.POST.copy()
        if request.POST.get("action") == "more":
            key = "needs-TOTAL_FORMS"
            data[key] = str(min(int(data.get(key) or 0) + 1, services.MAX_SKILL_NEEDS))
        _add_ticked_suggestions(data)
        return OpportunityForm(data), SkillNeedFormSet(data, prefix="needs")
    formset = SkillNeedFormSet(prefix="needs", initial=needs_initial)
    formset.extra = EXTRA_NEED_ROWS if needs_initial else EXTRA_NEED_ROWS + 1
    return OpportunityForm(initial=initial), formset


# --- skills suggested from the description ----------------------------------------------------------------------
# Suggestions are shown, never saved: with htmx the "Add" buttons fill skill rows in the page (static/js/app.js);
# without JavaScript the suggestions come with tick boxes, and a form posted with ticked ones comes back (unsaved)
# with those skills in its rows. Either way only the owner's own save writes them.

SUGGEST_LIMIT = 12


def _suggesting(request) -> bool:
    return request.method == "POST" and ("suggest" in request.POST or bool(request.POST.getlist("suggested")))


def _row_texts(data) -> list[str]:
    total = str(data.get("needs-TOTAL_FORMS", ""))
    count = min(int(total), services.MAX_SKILL_NEEDS) if total.isdigit() else 0
    return [data.get(f"needs-{i}-skill", "") for i in range(count)]


def _add_ticked_suggestions(data) -> None:
    """Put each ticked suggestion in the first empty skill row, or a new row; skills already in a row are left."""
    slugs = [v for v in data.getlist("suggested") if v][: services.MAX_SKILL_NEEDS]
    if not slugs:
        return
    in_rows = skills_named(_row_texts(data))
    rows = _row_texts(data)
    for skill in Skill.objects.filter(is_active=True, slug__in=slugs).order_by("label"):
        if skill.pk in in_rows:
            continue
        empty = next((i for i, text in enumerate(rows) if not text.strip() and not data.get(f"needs-{i}-DELETE")), None)
        if empty is None:
            if len(rows) >= services.MAX_SKILL_NEEDS:
                break
            empty = len(rows)
            rows.append("")
            data["needs-TOTAL_FORMS"] = str(len(rows))
            data[f"needs-{empty}-need"] = SkillNeed.REQUIRED
            data[f"needs-{empty}-level"] = "3"
        data[f"needs-{empty}-skill"] = skill.label
        rows[empty] = skill.label
        in_rows.add(skill.pk)


def _suggestions(form) -> list:
    """The skills the posted description suggests, less those already in a skill row."""
    description = form.data.get("description", "")
    in_rows = skills_named(_row_texts(form.data))
    found = intelligence.infer(description[: intelligence.MAX_TEXT], limit=SUGGEST_LIMIT + len(in_rows))
    return [shown(s) for s in found if s.skill.pk not in in_rows][:SUGGEST_LIMIT]


def _render_suggestions(request, opportunity, form, formset):
    context = {
        "suggestions": _suggestions(form),
        "described": bool(form.data.get("description", "").strip()),
        "with_js": bool(request.htmx),
        "added": bool(request.POST.getlist("suggested")),
    }
    if request.htmx:
        return render(request, "marketplace/_skill_suggestions.html", context)
    context |= {"opportunity": opportunity, "form": form, "formset": formset, "needs_errors": []}
    return render(request, "marketplace/form.html", context)


def _place_errors(form, formset, rows: list[int], exc: DomainError) -> list[str]:
    """Put the service's errors on the form field or skill row they name; the rest go above the rows."""
    leftover = []
    for name, msgs in exc.errors.items():
        if name.startswith("skill_needs[") and "]." in name:
            index, field = name[len("skill_needs[") :].split("].", 1)
            row = rows[int(index)] if index.isdigit() and int(index) < len(rows) else None
            if row is not None and field in formset.forms[row].fields:
                formset.forms[row].add_error(field, list(msgs))
                continue
            leftover.extend(msgs)
        elif name in form.fields:
            form.add_error(name, list(msgs))
        else:
            leftover.extend(msgs)
    return leftover


def _save_opportunity(request, opportunity: Opportunity | None, form, formset):
    """Validate, call the service, and answer: a redirect on success, the form again with errors otherwise."""
    p = personas(request)
    action = request.POST.get("action", "draft")
    if action == "more" or not (form.is_valid() and formset.is_valid()):
        return None, [], 200 if action == "more" else 400
    data = dict(form.cleaned_data)
    needs, rows = formset.needs()
    try:
        with transaction.atomic():
            if opportunity is None:
                key = data.pop("submission_key", None)
                opportunity = services.create_opportunity(p, data, needs, publish=action == "publish", submission_key=key)
            else:
                data.pop("submission_key", None)
                opportunity = services.update_opportunity(p, opportunity, data, needs)
                if action == "publish":
                    services.change_opportunity_status(p, opportunity, OpportunityStatus.OPEN)
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        return None, _place_errors(form, formset, rows, exc), exc.status_code
    return opportunity, [], 302


def _render_opportunity_form(request, opportunity, form, formset, errors, status):
    context = {"opportunity": opportunity, "form": form, "formset": formset, "needs_errors": errors}
    return render(request, "marketplace/form.html", context, status=status)


@login_required
def create(request):
    p = personas(request)
    if p.employee is None or not p.is_opportunity_owner:
        raise PermissionDenied("You are not allowed to post opportunities.")
    form, formset = _opportunity_forms(
        request, initial={"department": p.employee.department.slug, "seats": 1}, needs_initial=[]
    )
    if request.method != "POST":
        return _render_opportunity_form(request, None, form, formset, [], 200)
    if _suggesting(request):
        return _render_suggestions(request, None, form, formset)
    try:
        saved, errors, status = _save_opportunity(request, None, form, formset)
    except DomainError as exc:
        return domain_error_response(request, exc)
    if saved is not None:
        state = {OpportunityStatus.OPEN: "published", OpportunityStatus.PENDING_APPROVAL: "waiting for approval to publish"}
        messages.success(request, f"“{saved.title}” is {state.get(saved.status, 'saved as a draft')}.")
        return redirect("marketplace:detail", public_id=saved.public_id)
    return _render_opportunity_form(request, None, form, formset, errors, status)


@login_required
def edit(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    if not can_edit_opportunity(p, opportunity):
        raise PermissionDenied("Only the owner or a talent admin may edit this opportunity.")
    if opportunity.status == OpportunityStatus.CANCELLED:
        return domain_error_response(
            request, Conflict("A cancelled opportunity cannot be edited.", extra={"allowed": []}),
            back=reverse("marketplace:detail", args=[opportunity.public_id]),
        )
    initial = {
        "type": opportunity.type, "title": opportunity.title, "description": opportunity.description,
        "department": opportunity.department.slug, "role": opportunity.role.slug if opportunity.role else None,
        "hours_per_week": opportunity.hours_per_week, "seats": opportunity.seats,
        "start_date": opportunity.start_date, "end_date": opportunity.end_date, "work_mode": opportunity.work_mode,
        "location": opportunity.location.slug if opportunity.location else None,
        "total_hours": opportunity.total_hours, "mentorship_direction": opportunity.mentorship_direction,
        "topics": ", ".join(opportunity.topics), "reverse_mentoring": opportunity.reverse_mentoring,
    }
    needs_initial = [
        {"skill": n.skill, "need": n.need, "level": n.level} for n in NEEDS_IN_ORDER.filter(opportunity=opportunity)
    ]
    form, formset = _opportunity_forms(request, initial=initial, needs_initial=needs_initial)
    if request.method != "POST":
        return _render_opportunity_form(request, opportunity, form, formset, [], 200)
    if _suggesting(request):
        return _render_suggestions(request, opportunity, form, formset)
    try:
        saved, errors, status = _save_opportunity(request, opportunity, form, formset)
    except DomainError as exc:
        return domain_error_response(request, exc)
    if saved is not None:
        state = {OpportunityStatus.OPEN: " and published", OpportunityStatus.PENDING_APPROVAL: " and waits for approval to publish"}
        messages.success(request, f"“{saved.title}” is saved{state.get(saved.status, '') if request.POST.get('action') == 'publish' else ''}.")
        return redirect("marketplace:detail", public_id=saved.public_id)
    return _render_opportunity_form(request, opportunity, form, formset, errors, status)


# --- applicants and applications -------------------------------------------------------------------------------


@login_required
def applicants(request, public_id):
    p = personas(request)
    opportunity = _visible_opportunity(p, public_id)
    if not can_edit_opportunity(p, opportunity):
        raise PermissionDenied("Only the owner of this opportunity sees its applicants.")
    access = ProfileAccess(p)
    applications = list(
        opportunity.applications.select_related("applicant__user", "applicant__department", "applicant__location")
        .select_related("completion")
        .prefetch_related(
            "changes",
            "sessions",
            Prefetch("applicant__skills", queryset=EmployeeSkill.objects.select_related("skill")),
        )
    )
    rows = []
    for a in applications:
        a.opportunity = opportunity
        rows.append((a, access.view_of(a.applicant), moves_of(p, a)))
    mentoring = opportunity.type == OpportunityType.MENTORSHIP
    rows.sort(key=lambda r: (r[0].status not in LIVE, STATUS_ORDER[r[0].status], r[0].created_at))
    context = {
        "opportunity": opportunity,
        "rows": rows,
        "seats_taken": services.seats_taken(opportunity),
        "needs_release": services.needs_release(opportunity),
        "session_form": SessionForm() if mentoring else None,
    }
    return render(request, "marketplace/applicants.html", context)


@login_required
def my_applications(request):
    p = personas(request)
    emp = p.employee
    applications = []
    if emp is not None:
        applications = list(
            Application.objects.filter(applicant=emp)
            .select_related("applicant__user", "opportunity__owner__user", "opportunity__department", "completion")
            .prefetch_related("changes", "sessions")
            .order_by("-status_changed_at")
        )
    rows = [
        MyApplication(a, moves_of(p, a), decline_advice(a) if a.status == S.DECLINED else None)
        for a in applications
    ]
    context = {"rows": rows, "has_profile": emp is not None, "session_form": SessionForm()}
    return render(request, "marketplace/my_applications.html", context)


@dataclass(frozen=True)
class MyApplication:
    application: Application
    moves: list[Move]
    advice: list | None  # for a decline: the skill gaps and the ways to close them


@login_required
@require_POST
def move(request, public_id):
    p = personas(request)
    application = get_object_or_404(
        visible_applications(p).select_related("applicant__user", "opportunity__owner__user"), public_id=public_id
    )
    form = MoveForm(request.POST)
    back = _safe_next(request, reverse("marketplace:my_applications"))
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            services.move_application(p, application, to, form.cleaned_data["reason"])
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except DomainError as exc:
            if exc.status_code == 404:
                raise Http404 from exc
            application.refresh_from_db()
            return domain_error_response(request, exc, back=back, application=application, moves=moves_of(p, application))
        else:
            who = "Your application" if application.applicant_id == getattr(p.employee, "pk", None) else (
                f"The application of {application.applicant.name}"
            )
            messages.success(request, f"{who} to “{application.opportunity.title}” is now {to}.")
            return redirect(back)
    # The form again, with its error (in practice: a decline without a reason, sent without JavaScript checks).
    to = form.data.get("to", "")
    label = MOVE_LABELS[S(to)] if to in STATUS_ORDER and S(to) in MOVE_LABELS else ""
    context = {"application": application, "form": form, "back": back, "label": label}
    return render(request, "marketplace/move.html", context, status=400)


# --- completion, mentoring sessions, consent -------------------------------------------------------------------


def _visible_application(p: Personas, public_id) -> Application:
    application = get_object_or_404(
        visible_applications(p).select_related("applicant__user", "applicant__manager", "opportunity__owner__user"),
        public_id=public_id,
    )
    return application


@login_required
def complete(request, public_id):
    """The owner's side of completing: rate each skill applied, the hours, an endorsement."""
    p = personas(request)
    application = _visible_application(p, public_id)
    opportunity = application.opportunity
    if services.Actor.OWNER not in services.actor_roles(p, application):
        raise PermissionDenied("Only the owner of the opportunity rates the skills applied.")
    skills = [n.skill for n in NEEDS_IN_ORDER.filter(opportunity=opportunity)]
    completion = getattr(application, "completion", None)
    initial = {"hours": services.default_completion_hours(application)}
    if completion is not None and completion.owner_confirmed_at is not None:
        initial = {"hours": completion.hours, "endorsement": completion.endorsement}
        initial |= {f"skill_{r.skill.slug}": r.level for r in completion.ratings.select_related("skill")}
    form = CompletionForm(request.POST or None, skills=skills, initial=initial)
    back = reverse("marketplace:applicants", args=[opportunity.public_id])
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            ratings = [services.RatingInput(skill, level) for skill, level in form.ratings()]
            try:
                services.submit_owner_completion(p, application, ratings, form.cleaned_data["hours"], form.cleaned_data["endorsement"])
            except InvalidInput as exc:
                add_domain_errors(form, exc)
            except DomainError as exc:
                return domain_error_response(request, exc, back=back)
            else:
                application.refresh_from_db()
                if application.status == S.COMPLETED:
                    messages.success(request, f"“{opportunity.title}” is completed with {application.applicant.name}; the ratings are on their profile.")
                else:
                    messages.success(request, f"Ratings saved. {application.applicant.name} is asked to confirm the completion.")
                return redirect(back)
    context = {"application": application, "opportunity": opportunity, "form": form, "back": back}
    return render(request, "marketplace/complete.html", context, status=status)


@login_required
@require_POST
def log_session(request, public_id):
    p = personas(request)
    application = _visible_application(p, public_id)
    form = SessionForm(request.POST)
    back = _safe_next(request, reverse("marketplace:my_applications"))
    if form.is_valid():
        try:
            services.log_session(
                p, application, form.cleaned_data["held_on"], form.cleaned_data["minutes"], form.cleaned_data["notes"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except DomainError as exc:
            return domain_error_response(request, exc, back=back)
        else:
            messages.success(request, f"Session of {form.cleaned_data['minutes']} minutes logged.")
            return redirect(back)
    context = {"application": application, "form": form, "back": back}
    return render(request, "marketplace/session.html", context, status=400)


@login_required
@require_POST
def share_with_manager(request, public_id):
    p = personas(request)
    application = _visible_application(p, public_id)
    try:
        services.consent_to_tell_manager(p, application)
    except DomainError as exc:
        return domain_error_response(request, exc, back=reverse("marketplace:my_applications"))
    messages.success(request, "Your line manager can now see this application.")
    return redirect(_safe_next(request, reverse("marketplace:my_applications")))
