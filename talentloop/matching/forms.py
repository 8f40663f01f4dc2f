"""Forms of the matching pages: the feed's filters (the browse page's, without status: the feed is open
opportunities only), the free candidate query, inviting a candidate, and the staffing optimiser's choices."""

from __future__ import annotations

import uuid

from django import forms

from talentloop.accounts.forms import Form
from talentloop.marketplace.forms import BrowseFilter, BrowseForm
from talentloop.marketplace.models import TypeChoices
from talentloop.matching.staffing import MAX_PAIRS
from talentloop.people.models import Department

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


# --- staffing ------------------------------------------------------------------------------------------------


class StaffingForm(Form):
    type = forms.MultipleChoiceField(
        choices=TypeChoices.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Opportunity types",
        help_text="All types unless you choose some.",
    )
    department = forms.ModelChoiceField(
        Department.objects.all(), required=False, to_field_name="slug", label="Opportunities of the department",
        empty_label="Any department",
    )
    share_department = forms.ModelChoiceField(
        Department.objects.all(), required=False, to_field_name="slug", label="Give a minimum share of seats to people of",
        empty_label="(no minimum share)",
    )
    share = forms.IntegerField(
        required=False, min_value=1, max_value=100, label="Minimum share, in percent",
        help_text="At least this share of the proposed seats goes to people of that department.",
    )

    def clean(self):
        data = super().clean()
        if data.get("share_department") is not None and not data.get("share"):
            self.add_error("share", "Give the share for the department you chose.")
        if data.get("share") and data.get("share_department") is None:
            self.add_error("share_department", "Choose the department that gets the share.")
        return data


class PairField(forms.Field):
    """The pairs a proposal chose, posted back as "opportunity public_id:person public_id" values."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        pairs = []
        for v in values:
            try:
                opportunity, person = str(v).split(":", 1)
                pairs.append((str(uuid.UUID(opportunity)), str(uuid.UUID(person))))
            except ValueError as exc:
                raise forms.ValidationError(f"Not a proposed pair: {v}.") from exc
        return pairs


class SendInvitationsForm(Form):
    pair = PairField(label="Proposed pairs")
    message = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), label="Message with each invitation",
    )
    back = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_pair(self):
        pairs = self.cleaned_data["pair"]
        if not pairs:
            raise forms.ValidationError("There is nothing to invite: run a proposal first.")
        if len(pairs) > MAX_PAIRS:
            raise forms.ValidationError(f"At most {MAX_PAIRS} invitations at once.")
        return pairs
