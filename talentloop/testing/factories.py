"""factory_boy factories for the domain's object graphs."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from talentloop.marketplace.lifecycle import (
    HOLDS_SEAT,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityType,
    release_required,
)
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChange,
    Opportunity,
    OpportunitySkill,
    SkillNeed,
)
from talentloop.people.models import Department, Employee, EmployeeSkill, Location
from talentloop.roles.models import Role, RoleFamily, RoleSkill
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory

PASSWORD = "correct horse battery staple"  # noqa: S105 - test accounts only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class SkillCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    label = factory.Sequence(lambda n: f"Skill {n}")
    category = factory.SubFactory(SkillCategoryFactory)


class SkillAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillAlias

    skill = factory.SubFactory(SkillFactory)
    alias = factory.Sequence(lambda n: f"alias {n}")


class RelatedSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedSkill

    from_skill = factory.SubFactory(SkillFactory)
    to_skill = factory.SubFactory(SkillFactory)
    weight = 0.5


class RoleFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleFamily
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"family-{n}")
    name = factory.Sequence(lambda n: f"Family {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    slug = factory.Sequence(lambda n: f"role-{n}")
    title = factory.Sequence(lambda n: f"Role {n}")
    family = factory.SubFactory(RoleFamilyFactory)
    level = 2


class RoleSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleSkill

    role = factory.SubFactory(RoleFactory)
    skill = factory.SubFactory(SkillFactory)
    proficiency = 3


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"department-{n}")
    name = factory.Sequence(lambda n: f"Department {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"location-{n}")
    name = factory.Sequence(lambda n: f"Location {n}")
    country = "GB"


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    job_title = "Analyst"
    department = factory.SubFactory(DepartmentFactory)
    hire_date = dt.date(2020, 1, 6)
    weekly_hours_available = 6


class EmployeeSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployeeSkill

    employee = factory.SubFactory(EmployeeFactory)
    skill = factory.SubFactory(SkillFactory)
    proficiency = 3


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    type = OpportunityType.GIG
    title = factory.Sequence(lambda n: f"Opportunity {n}")
    description = "Help us with something worthwhile."
    owner = factory.SubFactory(EmployeeFactory)
    department = factory.SelfAttribute("owner.department")
    hours_per_week = 4
    seats = 1
    status = OpportunityStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)
    start_date = dt.date(2027, 1, 4)
    end_date = dt.date(2027, 3, 26)


class OpportunitySkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunitySkill

    opportunity = factory.SubFactory(OpportunityFactory)
    skill = factory.SubFactory(SkillFactory)
    need = SkillNeed.REQUIRED
    level = 3


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application put straight into a status (with one history row); use the services to move it."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    opportunity = factory.SubFactory(OpportunityFactory)
    applicant = factory.SubFactory(EmployeeFactory)
    status = ApplicationStatus.APPLIED
    status_changed_at = factory.LazyFunction(timezone.now)
    # From the offer on, the release decided at the offer (by the rule, with the default settings' thresholds).
    release_required = factory.LazyAttribute(
        lambda o: o.status in HOLDS_SEAT and release_required(o.opportunity.type, total_hours=o.opportunity.total_hours, shadowing_release_hours=8)
    )
    release_approver = factory.LazyAttribute(
        lambda o: o.applicant.manager if o.release_required else None  # who was asked, kept after the decision
    )

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            ApplicationStatusChange.objects.create(
                application=self, from_status="", to_status=self.status, actor_role="system", at=self.status_changed_at
            )
