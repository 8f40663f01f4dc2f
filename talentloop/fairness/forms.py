"""The audit page's form: the period, k and the minimum group size (the service checks them again)."""

from __future__ import annotations

from django import forms

from talentloop.accounts.forms import Form
from talentloop.fairness.audit import DEFAULT_MIN_GROUP
from talentloop.fairness.services import (
    DEFAULT_K,
    MAX_K,
    MAX_MIN_GROUP,
    MAX_PERIOD_YEARS,
    RECORDED_K,
    default_period,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditForm(Form):
    start = forms.DateField(label="From", widget=DATE)
    end = forms.DateField(label="To (inclusive)", widget=DATE, help_text=f"At most {MAX_PERIOD_YEARS} years after the start.")
    k = forms.IntegerField(
        label="Top k of candidate lists", min_value=1, max_value=MAX_K,
        help_text=f"Someone counts as recommended when shown among the first k. Lists are recorded to their top {RECORDED_K}.",
    )
    min_group = forms.IntegerField(
        label="Smallest group shown", min_value=1, max_value=MAX_MIN_GROUP,
        help_text="Groups with fewer people show no figures, so that nobody can be singled out.",
    )

    @staticmethod
    def defaults() -> dict[str, str]:
        start, end = default_period()
        return {"start": start.isoformat(), "end": end.isoformat(), "k": str(DEFAULT_K), "min_group": str(DEFAULT_MIN_GROUP)}
