"""The Django admin opens for talent and L&OD admins by persona (group), not only for staff accounts.

What each may change inside it is still governed by the model permissions of their group.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class TalentloopAdminSite(admin.AdminSite):
    site_header = "Talentloop administration"
    site_title = "Talentloop admin"

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        from talentloop.accounts.personas import personas  # models are not loaded when this module is

        p = personas(request)
        return user.is_staff or p.is_talent_admin or p.is_lod_admin


class TalentloopAdminConfig(AdminConfig):
    default_site = "talentloop.admin_site.TalentloopAdminSite"
