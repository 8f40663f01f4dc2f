"""Matching pages: the employee's "for you" feed, hidden talent for an opportunity's owner (with a free query
and invitations), and the staffing optimiser for talent admins."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from talentloop.accounts.personas import Personas, personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, Forbidden, InvalidInput, NotFound
from talentloop.marketplace.models import Opportunity
from talentloop.matching import hidden_talent, services, staffing
from talentloop.matching.forms import (
    CandidateQueryForm,
    FeedFilter,
    InviteForm,
    SendInvitationsForm,
    StaffingForm,
    feed_params,
)
from talentloop.pathways.suggest import learning_for

FEED_PAGE_SIZE = 20


# --- for you ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedPage:
    """One page of the feed: the engine ranks with k and offset, so this stands in for Django's Page."""

    items: list
    number: int
    count: int
    size: int = FEED_PAGE_SIZE

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.count / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.count else 0


def page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@login_required
@vary_on_headers("HX-Request")
def feed(request):
    p = personas(request)
    filterset = FeedFilter(request.GET, queryset=Opportunity.objects.none(), request=request)
    valid = filterset.is_valid()
    number = page_number(request.GET.get("page"))
    items, total = [], 0
    if valid and p.employee is not None:
        filters = services.filters_from(feed_params(filterset.form.cleaned_data))
        items, total = services.feed(p, filters=filters, k=FEED_PAGE_SIZE, offset=(number - 1) * FEED_PAGE_SIZE)
        last = max(1, ceil(total / FEED_PAGE_SIZE))
        if number > last:  # a page past the end (the feed shrank, or a hand-typed address): show the last one
            number = last
            items, total = services.feed(p, filters=filters, k=FEED_PAGE_SIZE, offset=(number - 1) * FEED_PAGE_SIZE)
    context = {
        "form": filterset.form, "valid": valid, "page": FeedPage(items, number, total), "has_profile": p.employee is not None,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    if not partial and number == 1:
        context["learning"] = learning_for(p)  # learning beside the opportunities, each with its reason
    template = "matching/_feed_results.html" if partial else "matching/feed.html"
    return render(request, template, context, status=200 if valid else 400)


# --- hidden talent ---------------------------------------------------------------------------------------------


@login_required
def candidates(request, public_id):
    p = personas(request)
    try:
        opportunity = hidden_talent.owned_opportunity(p, public_id)
    except DomainError as exc:
        return domain_error_response(request, exc)
    form = CandidateQueryForm(request.GET)
    valid = form.is_valid()
    text = form.cleaned_data.get("q", "") if valid else ""
    result = hidden_talent.search(p, opportunity, text)
    context = {"opportunity": opportunity, "form": form, "result": result, "valid": valid}
    return render(request, "matching/candidates.html", context, status=200 if valid else 400)


@login_required
@require_POST
def invite_candidate(request, public_id):
    p = personas(request)
    try:
        opportunity = hidden_talent.owned_opportunity(p, public_id)
    except DomainError as exc:
        return domain_error_response(request, exc)
    form = InviteForm(request.POST)
    back = reverse("matching:candidates", args=[opportunity.public_id])
    if not form.is_valid():
        return domain_error_response(request, InvalidInput({k: list(v) for k, v in form.errors.items()}), back=back)
    if form.cleaned_data["q"]:
        back += "?" + urlencode({"q": form.cleaned_data["q"]})
    try:
        person, result = hidden_talent.invite(p, opportunity, form.cleaned_data["employee"], form.cleaned_data["message"])
    except (Forbidden, NotFound) as exc:
        return domain_error_response(request, exc)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if result.created:
        messages.success(request, f"{person.name} is invited to apply to “{opportunity.title}”.")
    else:
        messages.info(request, f"{person.name} is already {result.application.status} for “{opportunity.title}”.")
    return redirect(back)


# --- staffing --------------------------------------------------------------------------------------------------


def _require_talent_admin(p: Personas) -> None:
    if not p.is_talent_admin:
        raise PermissionDenied("Only talent admins can run the staffing optimiser.")


@login_required
def staffing_page(request):
    p = personas(request)
    _require_talent_admin(p)
    proposal, status = None, 200
    # Bound to the query string (also after "Send invitations" brings the admin back), run only when asked.
    form = StaffingForm(request.GET) if request.GET else StaffingForm()
    if "run" in request.GET:
        if form.is_valid():
            d = form.cleaned_data
            share = d["share"] / 100 if d.get("share") else None
            proposal = staffing.propose(
                p, types=d["type"], department=d["department"], share_department=d["share_department"], share=share
            )
        else:
            status = 400
    params = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "run"]
    back = reverse("matching:staffing") + ("?" + urlencode(params) if params else "")
    invite_form = SendInvitationsForm(initial={"back": back})
    context = {"form": form, "proposal": proposal, "invite_form": invite_form, "back": back}
    return render(request, "matching/staffing.html", context, status=status)


@login_required
@require_POST
def send_invitations(request):
    p = personas(request)
    _require_talent_admin(p)
    form = SendInvitationsForm(request.POST)
    fallback = reverse("matching:staffing")
    if not form.is_valid():
        return domain_error_response(request, InvalidInput({k: list(v) for k, v in form.errors.items()}), back=fallback)
    back = form.cleaned_data["back"]
    if not (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())):
        back = fallback
    summary = staffing.send_invitations(p, form.cleaned_data["pair"], form.cleaned_data["message"])
    messages.success(request, summary.text)
    for s in summary.skipped[:5]:
        messages.warning(request, f"Not invited: {s.person} to “{s.opportunity}”: {s.reason}")
    if len(summary.skipped) > 5:
        messages.warning(request, f"…and {len(summary.skipped) - 5} more not invited.")
    return redirect(back)

