"""Forms of the learning pages: catalog filters, progress, and a result recorded by an L&OD admin. They parse
input; learning.services decides and writes."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from talentloop.accounts.forms import RENDERER, Form
from talentloop.learning.filters import LearningItemFilter
from talentloop.people.models import Employee


class CatalogForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["q"].widget.attrs.update({"type": "search", "placeholder": "Words in the title, description or skills"})
        for name in ("kind", "format"):
            fields[name].widget = forms.CheckboxSelectMultiple(choices=fields[name].choices)
        fields["compliance"].widget.choices = [("", "Any"), ("true", "Compliance training"), ("false", "Skills-first")]
        fields["compliance"].help_text = ""
        fields["skill"].widget = forms.SelectMultiple(choices=fields["skill"].choices)
        fields["skill"].help_text = "Items that teach any of these skills."


class CatalogFilter(LearningItemFilter):
    class Meta(LearningItemFilter.Meta):
        form = CatalogForm


class ProgressForm(Form):
    percent = forms.IntegerField(min_value=0, max_value=100, label="Progress (percent)")


class ResultForm(Form):
    """An L&OD admin records a person's result, naming them by user name or email address."""

    person = forms.CharField(max_length=254, label="Person (user name or email)")
    outcome = forms.ChoiceField(choices=[("passed", "passed"), ("failed", "failed"), ("completed", "completed")])
    score = forms.FloatField(required=False, min_value=0, max_value=1, label="Score (0 to 1, optional)")

    default_renderer = RENDERER

    def clean_person(self) -> Employee:
        who = self.cleaned_data["person"].strip()
        found = list(
            Employee.objects.select_related("user").filter(Q(user__username__iexact=who) | Q(user__email__iexact=who))[:2]
        )
        if len(found) != 1:
            raise forms.ValidationError(f"No one person has the user name or email “{who}”.")
        return found[0]


class ImportForm(Form):
    file = forms.FileField(label="Catalog CSV file", help_text="UTF-8, at most 10 MB; the first row names the columns.")

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text; save it as CSV UTF-8.") from None
