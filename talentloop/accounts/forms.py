"""Forms of the web UI: an accessible renderer every form shares, sign-in and token forms, and the
helper that turns a service's DomainError into errors on the form fields it names."""

from __future__ import annotations

from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

from talentloop.errors import DomainError


class FormRenderer(DjangoTemplates):
    """Django's widget templates, with our field and form layout (label, input, help and errors linked by
    aria-describedby) looked up first in talentloop/templates/forms/."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(settings.BASE_DIR) / "talentloop" / "templates", Path(django.forms.__file__).parent / "templates"],
                "NAME": "talentloop-forms",
                "OPTIONS": {},
            }
        )


RENDERER = FormRenderer()


class Form(forms.Form):
    default_renderer = RENDERER


def add_domain_errors(form: forms.BaseForm, exc: DomainError, *, aliases: dict[str, str] | None = None) -> None:
    """Put each message of `exc` on the field it names (or on the form when it names no field of it)."""
    aliases = aliases or {}
    for name, messages in exc.errors.items():
        field = aliases.get(name, name)
        form.add_error(field if field in form.fields else None, list(messages))


class SignInForm(auth_forms.AuthenticationForm):
    default_renderer = RENDERER


class PasswordResetForm(auth_forms.PasswordResetForm):
    default_renderer = RENDERER


class SetPasswordForm(auth_forms.SetPasswordForm):
    default_renderer = RENDERER


class TokenForm(Form):
    name = forms.CharField(
        max_length=100, label="Token name", help_text="What will use it, e.g. “weekly skills export script”."
    )
