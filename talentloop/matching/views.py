"""Matching pages: the employee's "for you" feed and hidden talent for an opportunity's owner (with a free query
and invitations)."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, Forbidden, InvalidInput, NotFound
from talentloop.marketplace.models import Opportunity
from talentloop.matching import hidden_talent, services
from talentloop.matching.forms import (
    CandidateQueryForm,
    FeedFilter,
    InviteForm,
    feed_params,
)

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
