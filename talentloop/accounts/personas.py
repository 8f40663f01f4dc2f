"""Personas: what a signed-in person is in Talentloop, derived from data, never stored twice.

- employee: has an employee profile
- line_manager: has at least one current report
- opportunity_owner: may post opportunities (or already owns some)
- lod_admin / talent_admin: members of the groups of those names (superusers are both)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User

LOD_ADMIN_GROUP = "L&OD admin"
TALENT_ADMIN_GROUP = "Talent admin"


@dataclass
class Personas:
    user: User | AnonymousUser

    @cached_property
    def employee(self):  # -> Employee | None
        if not self.user.is_authenticated:
            return None
        from talentloop.people.models import Employee

        return Employee.objects.select_related("user", "department", "role", "location", "manager__user").filter(user=self.user).first()

    @cached_property
    def _groups(self) -> frozenset[str]:
        if not self.user.is_authenticated:
            return frozenset()
        return frozenset(self.user.groups.values_list("name", flat=True))

    @property
    def is_employee(self) -> bool:
        return self.employee is not None

    @cached_property
    def is_line_manager(self) -> bool:
        emp = self.employee
        return emp is not None and emp.reports.filter(leave_date__isnull=True).exists()

    @cached_property
    def is_opportunity_owner(self) -> bool:
        emp = self.employee
        return emp is not None and (emp.can_post_opportunities or emp.owned_opportunities.exists())

    @property
    def is_talent_admin(self) -> bool:
        return bool(self.user.is_authenticated and (self.user.is_superuser or TALENT_ADMIN_GROUP in self._groups))

    @property
    def is_lod_admin(self) -> bool:
        return bool(self.user.is_authenticated and (self.user.is_superuser or LOD_ADMIN_GROUP in self._groups))

    def names(self) -> list[str]:
        checks = [
            ("employee", self.is_employee),
            ("line manager", self.is_line_manager),
            ("opportunity owner", self.is_opportunity_owner),
            ("L&OD admin", self.is_lod_admin),
            ("talent admin", self.is_talent_admin),
        ]
        return [name for name, held in checks if held]


def personas(request_or_user) -> Personas:
    """One Personas per request (cached on it), or a fresh one for a bare user."""
    user = getattr(request_or_user, "user", request_or_user)
    if hasattr(request_or_user, "user"):
        cached = getattr(request_or_user, "_talentloop_personas", None)
        if cached is None or cached.user is not user:
            cached = Personas(user)
            request_or_user._talentloop_personas = cached
        return cached
    return Personas(user)


def talent_admin_users():  # -> QuerySet[User]
    """The active talent admins (members of the group, and superusers): who decides where nobody else can."""
    from django.db.models import Q

    return User.objects.filter(Q(is_superuser=True) | Q(groups__name=TALENT_ADMIN_GROUP), is_active=True).distinct().order_by("pk")
