"""Who may see what of a person's profile. One place for the rules; the UI and the API both ask here.

- yourself and talent admins: everything;
- your line managers (direct and indirect): profile, skills and availability; aspirations only if you share them;
- opportunity owners: only people who opted in to opportunities, and only what they chose to share;
  the owner of an opportunity you applied to sees the same, because you applied;
- colleagues: name, title and department (and shared skills) only if your profile is visible to the organisation;
- anyone else (an outsider): nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet

from talentloop.accounts.personas import Personas
from talentloop.people.models import Employee, ProfileVisibility


@dataclass(frozen=True)
class ProfileView:
    basic: bool = False  # name, job title, department, location
    skills: bool = False
    availability: bool = False
    aspirations: bool = False
    private: bool = False  # hire/leave dates, visibility settings, summary

    @property
    def anything(self) -> bool:
        return self.basic


NOTHING = ProfileView()
EVERYTHING = ProfileView(True, True, True, True, True)


class ProfileAccess:
    """Computes the viewer's relations once, then answers per employee without further queries."""

    def __init__(self, personas: Personas):
        self.personas = personas
        self.viewer = personas.employee

    @cached_property
    def report_ids(self) -> frozenset[int]:
        """Direct and indirect reports of the viewer."""
        if self.viewer is None:
            return frozenset()
        found: set[int] = set()
        frontier = [self.viewer.pk]
        while frontier:
            frontier = [pk for pk in Employee.objects.filter(manager_id__in=frontier).values_list("pk", flat=True) if pk not in found]
            found.update(frontier)
        return frozenset(found)

    @cached_property
    def applicant_ids(self) -> frozenset[int]:
        """People with a live application to one of the viewer's opportunities."""
        if self.viewer is None:
            return frozenset()
        from talentloop.marketplace.access import applicant_ids_for_owner

        return applicant_ids_for_owner(self.viewer)

    def view_of(self, employee: Employee) -> ProfileView:
        p = self.personas
        if not p.user.is_authenticated:
            return NOTHING
        if p.is_talent_admin or (self.viewer is not None and employee.pk == self.viewer.pk):
            return EVERYTHING
        if self.viewer is None:
            return NOTHING
        if employee.pk in self.report_ids:
            return ProfileView(basic=True, skills=True, availability=True, aspirations=employee.share_aspirations_with_manager, private=True)
        as_owner = (employee.open_to_opportunities and p.is_opportunity_owner) or employee.pk in self.applicant_ids
        if as_owner:
            return ProfileView(
                basic=True,
                skills=employee.share_skills_with_owners,
                availability=employee.share_availability_with_owners,
                aspirations=employee.share_aspirations_with_owners,
            )
        if employee.profile_visibility == ProfileVisibility.ORGANISATION:
            return ProfileView(basic=True, skills=employee.share_skills_with_owners)
        return NOTHING

    def visible_employees(self) -> QuerySet[Employee]:
        """Every employee the viewer sees at least the basic profile of."""
        qs = Employee.objects.all()
        p = self.personas
        if not p.user.is_authenticated:
            return qs.none()
        if p.is_talent_admin:
            return qs
        if self.viewer is None:
            return qs.none()
        cond = Q(pk=self.viewer.pk) | Q(pk__in=self.report_ids) | Q(pk__in=self.applicant_ids)
        cond |= Q(profile_visibility=ProfileVisibility.ORGANISATION)
        if p.is_opportunity_owner:
            cond |= Q(open_to_opportunities=True)
        return qs.filter(cond)

    def candidates(self) -> QuerySet[Employee]:
        """People an opportunity owner may find: opted in, still employed, not the owner."""
        if self.viewer is None or not self.personas.is_opportunity_owner:
            return Employee.objects.none()
        return Employee.objects.filter(open_to_opportunities=True, leave_date__isnull=True).exclude(pk=self.viewer.pk)
