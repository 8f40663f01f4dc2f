"""The ESCO import page (talent and L&OD admins): upload the download, then watch its import run in the background."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from talentloop.accounts.forms import Form, add_domain_errors
from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, InvalidInput
from talentloop.skills import esco_upload


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's FileField takes one file; this one takes every file chosen, as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        chosen = list(data) if isinstance(data, list | tuple) else [data]
        return [one(d, initial) for d in chosen] if chosen else [one(None, initial)]  # none chosen: "required"


class EscoImportForm(Form):
    files = MultipleFileField(
        label="ESCO files",
        help_text="The ESCO download as one ZIP, or its CSV files (at least skills, occupations and "
                  "occupationSkillRelations).",
    )
    language = forms.CharField(
        max_length=10, initial="en", label="Language", help_text="The suffix of the file names, e.g. en for skills_en.csv."
    )


@login_required
def import_esco(request):
    p = personas(request)
    try:
        esco_upload.ensure_may_import(p)
    except DomainError as exc:
        return domain_error_response(request, exc)
    form = EscoImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                started = esco_upload.start_import(p, form.cleaned_data["files"], form.cleaned_data["language"])
            except InvalidInput as exc:
                add_domain_errors(form, exc)
            else:
                return redirect("skills:import_esco_status", started.id)
        return render(request, "skills/import_esco.html", {"form": form}, status=400)
    return render(request, "skills/import_esco.html", {"form": form})


@login_required
@vary_on_headers("HX-Request")
def import_esco_status(request, import_id: str):
    try:
        esco_import = esco_upload.import_status(personas(request), import_id)
    except DomainError as exc:
        return domain_error_response(request, exc)
    # htmx asks again every 2 s for the status alone, until the import has finished.
    template = "skills/_esco_import_status.html" if request.headers.get("HX-Request") else "skills/import_esco_status.html"
    return render(request, template, {"esco_import": esco_import})
