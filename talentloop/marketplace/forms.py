"""Forms of the marketplace pages: browse filters, posting an opportunity with its skill needs, applying,
and moving an application. They parse input; the marketplace services decide and write."""

from __future__ import annotations

import uuid

from django import forms
from django.forms import formset_factory

from talentloop.accounts.forms import RENDERER, Form
from talentloop.marketplace.filters import OpportunityFilter
from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus
from talentloop.marketplace.models import DirectionChoices, OpportunityStatusChoices, SkillNeed, TypeChoices
from talentloop.marketplace.services import MAX_SKILL_NEEDS, MAX_TOPICS, SkillNeedInput
from talentloop.people.forms import SkillField, SkillTypeaheadInput
from talentloop.people.models import MAX_WEEKLY_HOURS, Department, Location, WorkMode
from talentloop.roles.models import Role
from talentloop.skills.models import Proficiency, Skill
from talentloop.skills.views import resolve_skill

# --- browse ----------------------------------------------------------------------------------------------------


class SkillsTypeaheadInput(SkillTypeaheadInput):
    """One text box for the `skill` filter; shows labels, submits them, and still reads ?skill=a&skill=b."""

    def value_from_datadict(self, data, files, name):
        return [v for v in data.getlist(name) if v.strip()] if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value):
        if isinstance(value, list | tuple):
            labels = dict(Skill.objects.filter(slug__in=value).values_list("slug", "label"))
            return ", ".join(labels.get(v, v) for v in value) or None
        return super().format_value(value)


class SkillsFilterField(forms.Field):
    """Cleans each typed skill (label, slug or alias) to the Skill, so the shared filter gets Skill objects."""

    widget = SkillsTypeaheadInput

    def clean(self, value):
        values = value if isinstance(value, list) else ([value] if value else [])
        return [resolve_skill(v) for v in values]


class BrowseForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["q"].label = "Search"
        fields["q"].widget.attrs.update({"type": "search", "placeholder": "Words in the title, description or skills"})
        skill = SkillsFilterField(required=False, label="Skill", help_text="Start typing, then pick a skill.")
        fields["skill"] = skill
        for name in ("type", "work_mode", "status"):
            if name in fields:  # the "for you" feed reuses this form without status
                fields[name].widget = forms.CheckboxSelectMultiple(choices=fields[name].choices)
        if "status" in fields:
            fields["status"].help_text = "Open only unless you choose otherwise."
        fields["department"].empty_label = "Any department"
        fields["location"].empty_label = "Any location"
        fields["max_hours"].label = "At most hours a week"
        fields["min_hours"].label = "At least hours a week"
        fields["max_hours"].widget.attrs.update({"min": 1, "max": MAX_WEEKLY_HOURS})
        fields["min_hours"].widget.attrs.update({"min": 1, "max": MAX_WEEKLY_HOURS})


class BrowseFilter(OpportunityFilter):
    """The shared OpportunityFilter, with the browse page's form (checkboxes and a skill typeahead)."""

    class Meta(OpportunityFilter.Meta):
        form = BrowseForm


# --- post and edit ---------------------------------------------------------------------------------------------


class OpportunityForm(Form):
    type = forms.ChoiceField(choices=TypeChoices.choices, label="Type")
    title = forms.CharField(max_length=200, label="Title")
    description = forms.CharField(
        max_length=10000, widget=forms.Textarea(attrs={"rows": 6}), label="Description",
        help_text="What the work is, what the person will learn, and how you will work together.",
    )
    department = forms.ModelChoiceField(Department.objects.all(), to_field_name="slug", label="Department")
    role = forms.ModelChoiceField(
        Role.objects.all(), required=False, to_field_name="slug", label="Role (for permanent roles)", empty_label="(none)"
    )
    hours_per_week = forms.IntegerField(min_value=1, max_value=MAX_WEEKLY_HOURS, label="Hours a week")
    seats = forms.IntegerField(min_value=1, max_value=500, initial=1, label="Seats", help_text="How many people you need.")
    start_date = forms.DateField(required=False, label="Start date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = forms.DateField(required=False, label="End date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    work_mode = forms.ChoiceField(choices=WorkMode.choices, initial=WorkMode.REMOTE, label="Work mode")
    location = forms.ModelChoiceField(
        Location.objects.all(), required=False, to_field_name="slug", label="Location", empty_label="(anywhere)"
    )
    total_hours = forms.IntegerField(
        required=False, min_value=1, label="Hours in all (job shadowing)",
        help_text="Job shadowing is short; seats are how many people you can host. Short shadowing needs no release.",
    )
    mentorship_direction = forms.ChoiceField(
        required=False, choices=[("", "(not a mentorship)"), *DirectionChoices.choices], label="Mentorship: who offers",
        help_text="A mentor offers topics and skills to a number of mentees (seats), or a mentee asks for one mentor.",
    )
    topics = forms.CharField(
        required=False, max_length=1000, label="Mentorship topics",
        help_text=f"Comma-separated, at most {MAX_TOPICS}; e.g. career moves, public speaking.",
    )
    reverse_mentoring = forms.BooleanField(
        required=False, label="Reverse mentoring", help_text="The mentor is the more junior one (e.g. a graduate mentoring a director).",
    )
    # One key per form shown: a double submit or a back-button resubmit creates one opportunity, not two.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_topics(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("topics", "").split(",") if t.strip()]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Must be on or after the start date.")
        return data


class SkillNeedForm(Form):
    skill = SkillField(required=False, label="Skill")
    need = forms.ChoiceField(choices=SkillNeed.choices, initial=SkillNeed.REQUIRED, label="Need")
    level = forms.TypedChoiceField(coerce=int, choices=Proficiency.choices, initial=Proficiency.PRACTITIONER, label="Level")


class BaseSkillNeedFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def needs(self) -> tuple[list[SkillNeedInput], list[int]]:
        """The skill needs to save, and for each the index of the row it came from (to place service errors).
        Rows left without a skill, or ticked for removal, are dropped."""
        needs, rows = [], []
        for i, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or data.get("skill") is None:
                continue
            needs.append(SkillNeedInput(skill=data["skill"], need=data["need"], level=data["level"]))
            rows.append(i)
        return needs, rows


SkillNeedFormSet = formset_factory(
    SkillNeedForm, formset=BaseSkillNeedFormSet, extra=0, can_delete=True, max_num=MAX_SKILL_NEEDS,
    validate_max=True, renderer=RENDERER,
)


# --- applying and moving ---------------------------------------------------------------------------------------


class ApplyForm(Form):
    message = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), label="Message to the owner",
        help_text="Optional: why you are interested and what you would bring.",
    )
    share_with_manager = forms.BooleanField(
        required=False, label="Share this application with my line manager now",
        help_text="Applications to permanent roles are confidential: without this, your manager learns of it only at offer stage.",
    )

    def __init__(self, *args, permanent_role: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not permanent_role:
            del self.fields["share_with_manager"]


class MoveForm(Form):
    to = forms.ChoiceField(choices=[(s.value, s.value) for s in ApplicationStatus], widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=1000, label="Reason")
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class OpportunityStatusForm(Form):
    to = forms.ChoiceField(choices=OpportunityStatusChoices.choices)
    reason = forms.CharField(required=False, max_length=1000, label="Reason")


OPPORTUNITY_MOVE_LABELS = {
    OpportunityStatus.OPEN: "Publish",
    OpportunityStatus.CLOSED: "Close",
    OpportunityStatus.CANCELLED: "Cancel",
    OpportunityStatus.DRAFT: "Back to draft",
}


# --- completion and mentoring sessions -------------------------------------------------------------------------


class CompletionForm(Form):
    """The owner's side of completing: one observed level per skill applied (or "not applied"), hours, endorsement."""

    hours = forms.IntegerField(min_value=1, max_value=5000, label="Hours worked in all")
    endorsement = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Endorsement (optional)",
        help_text="A few words on the person's work; it appears on their profile timeline.",
    )

    def __init__(self, *args, skills: list[Skill], **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = skills
        for skill in skills:
            self.fields[f"skill_{skill.slug}"] = forms.TypedChoiceField(
                coerce=int, empty_value=None, required=False, label=skill.label,
                choices=[("", "not applied"), *Proficiency.choices],
            )

    def ratings(self) -> list[tuple[Skill, int]]:
        return [(s, self.cleaned_data[f"skill_{s.slug}"]) for s in self.skills if self.cleaned_data.get(f"skill_{s.slug}")]

    def rating_fields(self):
        return [self[f"skill_{s.slug}"] for s in self.skills]


class SessionForm(Form):
    held_on = forms.DateField(label="Held on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    minutes = forms.IntegerField(min_value=5, max_value=600, initial=60, label="Minutes")
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Notes (optional)")
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
