"""L&OD admins define achievements here; credentials are listed read-only (they are issued, never typed in) and
revoked from the admin list (an action asking for the reason) or from the credential's page."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from talentloop.accounts.personas import personas
from talentloop.credentials import services
from talentloop.credentials.models import EVIDENCE_SOURCE_CHOICES, Achievement, Credential
from talentloop.errors import DomainError


class AchievementForm(forms.ModelForm):
    evidence_sources = forms.MultipleChoiceField(
        choices=EVIDENCE_SOURCE_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text="Verified evidence from any of these, at or above the level, earns the credential.",
    )
    image_url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Achievement
        fields = ["name", "description", "criteria_narrative", "skill", "level", "evidence_sources", "image_url", "is_active"]


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    form = AchievementForm
    list_display = ["name", "skill", "level", "is_active"]
    list_filter = ["is_active", "level"]
    search_fields = ["name", "skill__label"]
    autocomplete_fields = ["skill"]


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=500, help_text="The holder and every verifier see it.")


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["achievement", "employee", "issued_at", "revoked_at", "hidden", "public_page"]
    list_filter = ["achievement", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["achievement__name", "employee__user__first_name", "employee__user__last_name"]
    list_select_related = ["achievement", "employee__user"]
    actions = ["revoke_selected"]
    fields = readonly_fields = [
        "public_id", "achievement", "employee", "issued_at", "signing_key", "revoked_at", "revocation_reason",
        "revoked_by", "hidden", "public_page", "document", "jwt",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="public page")
    def public_page(self, obj: Credential) -> str:
        return format_html('<a href="{}">open</a>', reverse("credentials:verify", args=[obj.public_id]))

    @admin.action(description="Revoke the selected credentials")
    def revoke_selected(self, request, queryset):
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            return render(request, "credentials/admin_revoke.html", {
                **self.admin_site.each_context(request), "form": form, "credentials": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "opts": self.model._meta,
            })
        p = personas(request)
        done = 0
        for credential in queryset.filter(revoked_at__isnull=True):
            try:
                services.revoke(p, credential, form.cleaned_data["reason"])
                done += 1
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return None
        self.message_user(request, f"Revoked {done} credential{'s' if done != 1 else ''}.", messages.SUCCESS)
        return None
