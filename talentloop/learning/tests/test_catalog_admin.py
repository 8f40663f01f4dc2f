"""L&OD admins run the catalog in the admin (items with their skills inline) and read, not edit, learning records."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from talentloop.learning import services
from talentloop.learning.models import LearningItem, LearningItemSkill
from talentloop.learning.tests.factories import LearningItemFactory
from talentloop.testing.factories import SkillFactory

pytestmark = pytest.mark.django_db
grants = import_module("talentloop.learning.migrations.0002_grant_catalog_to_lod_admins")


@pytest.fixture
def granted(org):
    # A transactional test elsewhere may have flushed the migration's grants: apply them again, as the migration does.
    # The migration marks each app config as having models while it creates permissions; restore what was there.
    saved = {c.label: c.models_module for c in django_apps.get_app_configs()}
    try:
        grants.grant(django_apps, None)
    finally:
        for config in django_apps.get_app_configs():
            config.models_module = saved[config.label]
    return org


def test_an_lod_admin_adds_an_item_with_its_skills(granted):
    org = granted
    sql = SkillFactory(slug="sql", label="SQL")
    c = org.client(org.lod_admin)
    assert c.get(reverse("admin:learning_learningitem_changelist")).status_code == 200
    response = c.post(reverse("admin:learning_learningitem_add"), {
        "slug": "sql-basics", "title": "SQL basics", "description": "", "kind": "course", "provider": "", "url": "",
        "duration_minutes": "60", "format": "online", "activity_id": "", "is_active": "on",
        "taught_skills-TOTAL_FORMS": "1", "taught_skills-INITIAL_FORMS": "0",
        "taught_skills-0-skill": str(sql.pk), "taught_skills-0-target_level": "2",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LearningItemSkill.objects.get(item__slug="sql-basics").target_level == 2


def test_records_are_read_only_in_the_admin(granted):
    org = granted
    record = services.record_result(org.employee, LearningItemFactory(), "completed")
    c = org.client(org.lod_admin)
    assert c.get(reverse("admin:learning_learningrecord_changelist")).status_code == 200
    assert c.get(reverse("admin:learning_learningrecord_add")).status_code == 403
    c.post(reverse("admin:learning_learningrecord_change", args=[record.pk]), {"status": "failed"})
    record.refresh_from_db()
    assert record.status == "completed"


def test_others_cannot_change_the_catalog_in_the_admin(granted):
    org = granted
    for who in (org.employee, org.outsider):
        response = org.client(who).get(reverse("admin:learning_learningitem_changelist"))
        assert response.status_code in (302, 403)
    assert not LearningItem.objects.exists()


def test_the_grant_migration_reverses(granted):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="L&OD admin")
    assert group.permissions.filter(content_type__app_label="learning", codename="add_learningitem").exists()
    grants.revoke(django_apps, None)
    assert not group.permissions.filter(content_type__app_label="learning").exists()


def test_the_item_page_suggests_skills_from_its_description_without_adding_them(granted):
    org = granted
    sql = SkillFactory(slug="sql", label="SQL")
    SkillFactory(slug="microsoft-excel", label="Microsoft Excel")
    item = LearningItemFactory(description="Write SQL joins, then chart the results in Microsoft Excel <b>fast</b>.")
    LearningItemSkill.objects.create(item=item, skill=sql, target_level=2)
    page = org.client(org.lod_admin).get(reverse("admin:learning_learningitem_change", args=[item.pk])).content.decode()
    assert "Skills suggested from the description" in page
    assert "<strong>Microsoft Excel</strong> (95%)" in page
    assert "<strong>SQL</strong>" not in page  # already taught
    assert "&lt;b&gt;fast&lt;/b&gt;" in page  # the passage is escaped
    assert list(item.taught_skills.values_list("skill__slug", flat=True)) == ["sql"]
