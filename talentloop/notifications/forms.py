"""The preferences form: email on or off per category, and how often a digest of new matches."""

from __future__ import annotations

from django import forms

from talentloop.accounts.forms import Form
from talentloop.notifications.kinds import CATEGORIES, KINDS, kinds_of
from talentloop.notifications.models import DigestFrequency


def _email_field(category: str) -> forms.BooleanField:
    c = CATEGORIES[category]
    return forms.BooleanField(required=False, label=f"Email me: {c.label.lower()}", help_text=c.help)


class PreferencesForm(Form):
    email_waiting_on_you = _email_field("waiting_on_you")
    email_applications = _email_field("applications")
    email_activity = _email_field("activity")
    email_digest = _email_field("digest")
    digest_frequency = forms.ChoiceField(
        label="Digest of new matches", choices=DigestFrequency.choices, widget=forms.RadioSelect,
        help_text="One message with the new opportunities that match your skills since the last one.",
    )

    @staticmethod
    def kinds_by_category() -> list[tuple[str, list[str]]]:
        return [(c.label, [KINDS[k] for k in kinds_of(key)]) for key, c in CATEGORIES.items()]
