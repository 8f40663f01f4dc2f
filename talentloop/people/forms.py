"""Forms of the profile pages. They only parse and check input; the people services decide and write."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from talentloop.accounts.forms import Form
from talentloop.marketplace.models import TypeChoices
from talentloop.people.models import MAX_WEEKLY_HOURS, Location, ProfileVisibility, WorkMode
from talentloop.people.services import InferredSkill
from talentloop.roles.models import Role
from talentloop.skills.intelligence import MAX_TEXT
from talentloop.skills.models import Proficiency, Skill
from talentloop.skills.views import ShownSuggestion, resolve_skill

MAX_NOTE = 500  # SkillEvidence.note


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


class SuggestSkillsForm(Form):
    """A text to suggest skills from: the person's summary, a pasted CV, a project write-up."""

    text = forms.CharField(
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10}), label="Text to suggest skills from",
        help_text="Your summary to start with; paste a CV or a project write-up instead if you like. "
        "Nothing is added to your profile until you tick skills and confirm.",
        error_messages={"required": "Paste or type a text to suggest skills from."},
    )


class InferredSkillsForm(Form):
    """The suggestions of one text, each with a tick box and a level; only the ticked ones are added.

    The text travels along hidden and is read again on confirmation, so only skills it suggests can be ticked and the
    passage kept as evidence comes from the server's reading, not from the browser."""

    text = forms.CharField(max_length=MAX_TEXT, widget=forms.HiddenInput)
    add = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Skills to add",
        error_messages={"required": "Tick at least one suggested skill."},
    )

    def __init__(self, *args, suggestions: list[ShownSuggestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        self.fields["add"].choices = [(s.skill.slug, s.skill.label) for s in suggestions]
        for s in suggestions:
            self.fields[f"level_{s.skill.slug}"] = forms.TypedChoiceField(
                coerce=int, choices=Proficiency.choices, initial=Proficiency.WORKING, required=False,
                label=f"Level in {s.skill.label}",
            )

    def clean(self):
        data = super().clean()
        for slug in data.get("add") or []:
            if data.get(f"level_{slug}") in (None, ""):
                self.add_error(f"level_{slug}", "Choose a level for each ticked skill.")
        return data

    def rows(self):
        """(suggestion, its tick box, its level field) for each suggestion, in the order shown."""
        boxes = list(self["add"])
        return [(s, box, self[f"level_{s.skill.slug}"]) for s, box in zip(self.suggestions, boxes, strict=True)]

    def items(self) -> list[InferredSkill]:
        by_slug = {s.skill.slug: s for s in self.suggestions}
        return [
            InferredSkill(by_slug[slug].skill, self.cleaned_data[f"level_{slug}"], _note(by_slug[slug].passage))
            for slug in self.cleaned_data["add"]
        ]


def _note(passage: str) -> str:
    passage = " ".join(passage.split())
    return passage if len(passage) <= MAX_NOTE else passage[: MAX_NOTE - 1] + "…"
