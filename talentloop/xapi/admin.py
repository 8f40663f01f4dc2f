"""L&OD admins add source systems here; the secret is shown once, on creation (or when replaced)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from talentloop.xapi import services
from talentloop.xapi.models import SourceSystem, Statement, hash_secret


def _show_secret(request, system: SourceSystem, secret: str) -> None:
    messages.warning(
        request,
        format_html(
            "Source system “{}”: HTTP Basic user name <code>{}</code>, secret <code>{}</code>. "
            "Copy the secret now: it is not stored and cannot be shown again.",
            system.name, system.key, secret,
        ),
    )


@admin.register(SourceSystem)
class SourceSystemAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "created_at", "unmatched_link"]
    actions = ["replace_secrets"]

    def get_fields(self, request, obj=None):
        return ["name", "is_active"] if obj is None else ["name", "key", "is_active", "created_at", "unmatched_link"]

    @admin.display(description="Unmatched statements")
    def unmatched_link(self, obj: SourceSystem) -> str:
        return format_html('<a href="{}">Statements about unknown people or activities</a>', reverse("xapi:unmatched"))

    def save_model(self, request, obj: SourceSystem, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.key, secret = services.new_credentials()
        obj.secret_hash = hash_secret(secret)
        super().save_model(request, obj, form, change)
        _show_secret(request, obj, secret)

    @admin.action(description="Replace the secret of the selected source systems", permissions=["change"])
    def replace_secrets(self, request, queryset) -> None:
        for system in queryset:
            _show_secret(request, system, services.replace_secret(system))

    def has_delete_permission(self, request, obj=None) -> bool:
        # Statements keep their source system; deactivate a system instead.
        return False


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["id", "source", "verb_label", "activity_id", "actor_label", "outcome", "voided", "stored"]
    list_filter = ["outcome", "voided", "source"]
    search_fields = ["activity_id", "actor_mbox", "actor_account_name", "verb_id"]
    list_select_related = ["source"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
