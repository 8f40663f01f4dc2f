"""Forms of the profile pages. They only parse and check input; the people services decide and write."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from talentloop.accounts.forms import Form
from talentloop.marketplace.models import TypeChoices
from talentloop.people.models import MAX_WEEKLY_HOURS, Location, ProfileVisibility, WorkMode
from talentloop.roles.models import Role
from talentloop.skills.models import Proficiency, Skill
from talentloop.skills.views import resolve_skill


class SkillTypeaheadInput(forms.TextInput):
    """A text input offering taxonomy skills from /skills/typeahead/ in the page's shared <datalist>."""

    def __init__(self, attrs=None):
        defaults = {
            "list": "skill-options",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-typeahead": "",
            "hx-get": reverse_lazy("skills:typeahead"),
            "hx-trigger": "input changed delay:150ms, focus",
            "hx-target": "#skill-options",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
        super().__init__({**defaults, **(attrs or {})})


class SkillField(forms.CharField):
    """Takes a skill's label, slug or alias as typed, and cleans it to the Skill (or None when left empty)."""

    widget = SkillTypeaheadInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.label if isinstance(value, Skill) else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return resolve_skill(text)


class ProfileForm(Form):
    summary = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few lines on what you do and what you enjoy working on.",
    )
    weekly_hours_available = forms.IntegerField(
        min_value=0, max_value=MAX_WEEKLY_HOURS, label="Hours a week free for opportunities",
        help_text=f"Beside your day job, from 0 to {MAX_WEEKLY_HOURS}.",
    )
    work_mode = forms.ChoiceField(choices=WorkMode.choices, label="How you like to work")
    location = forms.ModelChoiceField(
        Location.objects.all(), required=False, to_field_name="slug", empty_label="(not set)", label="Location"
    )


class VisibilityForm(Form):
    open_to_opportunities = forms.BooleanField(
        required=False, label="Open to opportunities: owners may find me in candidate search and invite me"
    )
    profile_visibility = forms.ChoiceField(
        choices=ProfileVisibility.choices, widget=forms.RadioSelect, label="Who can see my profile"
    )
    share_skills_with_owners = forms.BooleanField(required=False, label="Owners may see my skills")
    share_availability_with_owners = forms.BooleanField(required=False, label="Owners may see my availability")
    share_aspirations_with_owners = forms.BooleanField(required=False, label="Owners may see my aspirations")
    share_aspirations_with_manager = forms.BooleanField(required=False, label="My line manager may see my aspirations")


class SkillForm(Form):
    skill = SkillField(
        label="Skill", help_text="Start typing a skill or one of its other names, then pick it from the list."
    )
    proficiency = forms.TypedChoiceField(coerce=int, choices=Proficiency.choices, initial=Proficiency.PRACTITIONER, label="Level")
    note = forms.CharField(
        required=False, max_length=500, label="Evidence",
        help_text="Optional: what shows this level, e.g. a project, a course or a certificate.",
    )
    link = forms.URLField(required=False, max_length=500, label="Evidence link", assume_scheme="https")


class EvidenceForm(Form):
    """A new level and its evidence for a skill already on the profile."""

    proficiency = forms.TypedChoiceField(coerce=int, choices=Proficiency.choices, label="Level")
    note = forms.CharField(required=False, max_length=500, label="Evidence")
    link = forms.URLField(required=False, max_length=500, label="Evidence link", assume_scheme="https")


class AspirationForm(Form):
    target_roles = forms.ModelMultipleChoiceField(
        Role.objects.all(), required=False, to_field_name="slug", label="Target roles",
        widget=forms.SelectMultiple(attrs={"size": 6}), help_text="Up to 5. Hold Ctrl (or ⌘) to pick several.",
    )
    skills_to_grow = forms.ModelMultipleChoiceField(
        Skill.objects.none(), required=False, to_field_name="slug", widget=forms.CheckboxSelectMultiple,
        label="Skills you want to grow (untick to remove)",
    )
    add_skill_to_grow = SkillField(required=False, label="Add a skill you want to grow")
    opportunity_types = forms.MultipleChoiceField(
        choices=TypeChoices.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label="Kinds of opportunity you want",
    )
    work_modes = forms.MultipleChoiceField(
        choices=WorkMode.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Work modes you accept"
    )
    open_to_relocation = forms.BooleanField(required=False, label="I am open to relocating")

    def __init__(self, *args, current_skills_to_grow=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_skills_to_grow if current_skills_to_grow is not None else Skill.objects.none()
        self.fields["skills_to_grow"].queryset = current
        if not self.is_bound and not current.exists():
            del self.fields["skills_to_grow"]

    def skills(self) -> list[Skill]:
        """The skills to grow after this change: those kept ticked plus the one added."""
        kept = list(self.cleaned_data.get("skills_to_grow") or [])
        added = self.cleaned_data.get("add_skill_to_grow")
        if added is not None and added not in kept:
            kept.append(added)
        return kept
