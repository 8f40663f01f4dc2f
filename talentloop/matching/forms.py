"""Forms of the matching pages: the feed's filters (the browse page's, without status: the feed is open
opportunities only), the free candidate query and inviting a candidate."""

from __future__ import annotations

from django import forms

from talentloop.accounts.forms import Form
from talentloop.marketplace.forms import BrowseFilter, BrowseForm

# --- the feed ------------------------------------------------------------------------------------------------


class FeedForm(BrowseForm):
    pass


class FeedFilter(BrowseFilter):
    """The browse page's filters and form; the feed holds open opportunities only, so there is no status."""

    status = None

    class Meta(BrowseFilter.Meta):
        fields = [f for f in BrowseFilter.Meta.fields if f != "status"]
        form = FeedForm


def feed_params(cleaned: dict) -> dict:
    """A valid filter form's values in the shape matching.services.filters_from reads (slugs, lists)."""
    department, location = cleaned.get("department"), cleaned.get("location")

    def hours(name):
        value = cleaned.get(name)
        return None if value in (None, "") else int(value)

    return {
        "q": cleaned.get("q") or "",
        "type": list(cleaned.get("type") or []),
        "work_mode": list(cleaned.get("work_mode") or []),
        "skill": [s.slug for s in cleaned.get("skill") or []],
        "department": [department.slug] if department is not None else [],
        "location": [location.slug] if location is not None else [],
        "min_hours": hours("min_hours"),
        "max_hours": hours("max_hours"),
    }


# --- hidden talent -------------------------------------------------------------------------------------------


class CandidateQueryForm(Form):
    q = forms.CharField(
        required=False, max_length=500, label="Describe who you are looking for",
        help_text="Skills with levels, free hours, work mode or location, separated by commas. "
        "For example: Kubernetes at level 3 or more, 8 free hours a week, remote.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Kubernetes at level 3 or more, 8 free hours a week, remote"}),
    )


class InviteForm(Form):
    employee = forms.UUIDField(widget=forms.HiddenInput)
    q = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    message = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
