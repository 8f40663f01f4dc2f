"""The catalog page with search, an item page with its skills and the person's record and buttons, my learning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talentloop.learning.models import ItemKind, LearningRecord
from talentloop.learning.tests.factories import LearningItemFactory, LearningItemSkillFactory
from talentloop.people.models import EmployeeSkill
from talentloop.testing.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(org):
    sql = SkillFactory(slug="sql", label="SQL")
    python = SkillFactory(slug="python", label="Python")
    items = {
        "sql": LearningItemFactory(slug="sql-basics", title="SQL basics", description="Select, join, group."),
        "py": LearningItemFactory(slug="python-testing", title="Testing in Python", description="pytest from zero."),
        "gdpr": LearningItemFactory(slug="gdpr", title="Data protection", compliance=True, description="Annual refresher."),
        "exam": LearningItemFactory(slug="sql-exam", title="SQL practitioner exam", kind=ItemKind.ASSESSMENT),
        "old": LearningItemFactory(slug="old-sql", title="SQL in 1999", is_active=False),
    }
    LearningItemSkillFactory(item=items["sql"], skill=sql, target_level=2)
    LearningItemSkillFactory(item=items["py"], skill=python, target_level=4)
    LearningItemSkillFactory(item=items["exam"], skill=sql, target_level=3)
    return items


def titles(response) -> list[str]:
    return [item.title for item in response.context["page"]]


def test_the_catalog_lists_active_items_only(org, catalog):
    response = org.client(org.employee).get(reverse("learning:catalog"))
    assert response.status_code == 200
    assert titles(response) == ["Data protection", "SQL basics", "SQL practitioner exam", "Testing in Python"]


def test_search_finds_words_in_the_title_description_and_skills_taught(org, catalog):
    c = org.client(org.employee)
    assert titles(c.get(reverse("learning:catalog"), {"q": "sql"})) == ["SQL basics", "SQL practitioner exam"]
    assert titles(c.get(reverse("learning:catalog"), {"q": "pytest"})) == ["Testing in Python"]
    assert titles(c.get(reverse("learning:catalog"), {"q": "python"})) == ["Testing in Python"]


def test_filters_by_kind_compliance_and_skill(org, catalog):
    c = org.client(org.employee)
    assert titles(c.get(reverse("learning:catalog"), {"kind": "assessment"})) == ["SQL practitioner exam"]
    assert titles(c.get(reverse("learning:catalog"), {"compliance": "true"})) == ["Data protection"]
    assert "Data protection" not in titles(c.get(reverse("learning:catalog"), {"compliance": "false"}))
    assert titles(c.get(reverse("learning:catalog"), {"skill": "sql"})) == ["SQL basics", "SQL practitioner exam"]


def test_a_bad_filter_is_a_form_error_not_a_500(org, catalog):
    response = org.client(org.employee).get(reverse("learning:catalog"), {"kind": "podcast"})
    assert response.status_code == 400
    assert "podcast" in response.content.decode()


def test_the_catalog_page_costs_a_fixed_number_of_queries(org, catalog, django_assert_max_num_queries):
    for n in range(15):
        item = LearningItemFactory(title=f"Extra {n}")
        LearningItemSkillFactory(item=item, target_level=2)
    c = org.client(org.employee)
    c.get(reverse("learning:catalog"))
    with django_assert_max_num_queries(14):
        c.get(reverse("learning:catalog"))


def test_the_item_page_shows_the_skills_taught_and_the_buttons(org, catalog):
    body = org.client(org.employee).get(reverse("learning:detail", args=[catalog["sql"].public_id])).content.decode()
    assert "SQL · level 2" in body
    assert ">Enrol<" in body and "Update progress" in body and "Mark completed" in body


def test_enrol_progress_and_complete_from_the_item_page(org, catalog):
    c = org.client(org.employee)
    item = catalog["sql"]
    assert c.post(reverse("learning:enrol", args=[item.public_id])).status_code == 302
    assert c.post(reverse("learning:progress", args=[item.public_id]), {"percent": "40"}).status_code == 302
    record = LearningRecord.objects.get(employee=org.employee, item=item)
    assert (record.status, record.progress) == ("in_progress", 40)
    assert c.post(reverse("learning:complete", args=[item.public_id])).status_code == 302
    record.refresh_from_db()
    assert record.status == "completed"
    assert EmployeeSkill.objects.get(employee=org.employee, skill__slug="sql").proficiency == 1
    mine = c.get(reverse("learning:mine")).content.decode()
    assert "SQL basics" in mine and "completed" in mine


def test_bad_progress_is_a_form_error_and_writes_nothing(org, catalog):
    response = org.client(org.employee).post(reverse("learning:progress", args=[catalog["sql"].public_id]), {"percent": "140"})
    assert response.status_code == 400
    assert response.context["progress_form"].errors["percent"]
    assert not LearningRecord.objects.exists()


def test_an_assessment_has_no_self_declared_completion(org, catalog):
    c = org.client(org.employee)
    exam = catalog["exam"]
    body = c.get(reverse("learning:detail", args=[exam.public_id])).content.decode()
    assert "Mark completed" not in body and "comes from the learning system" in body
    assert c.post(reverse("learning:complete", args=[exam.public_id])).status_code == 403
    assert not LearningRecord.objects.exists()


def test_an_lod_admin_records_a_pass(org, catalog):
    c = org.client(org.lod_admin)
    exam = catalog["exam"]
    assert "Record a result" in c.get(reverse("learning:detail", args=[exam.public_id])).content.decode()
    response = c.post(reverse("learning:record_result", args=[exam.public_id]), {"person": "ada", "outcome": "passed", "score": "0.8"})
    assert response.status_code == 302
    es = EmployeeSkill.objects.get(employee=org.employee, skill__slug="sql")
    assert (es.proficiency, es.verified) == (3, True)


def test_an_unknown_person_is_a_form_error(org, catalog):
    response = org.client(org.lod_admin).post(
        reverse("learning:record_result", args=[catalog["exam"].public_id]), {"person": "nobody", "outcome": "passed"}
    )
    assert response.status_code == 400
    assert response.context["result_form"].errors["person"]


def test_nobody_else_records_results(org, catalog):
    for who in (org.employee, org.manager, org.outsider):
        response = org.client(who).post(
            reverse("learning:record_result", args=[catalog["exam"].public_id]), {"person": "ada", "outcome": "passed"}
        )
        assert response.status_code == 403
    assert not LearningRecord.objects.exists()


def test_a_retired_item_is_not_found_and_an_outsider_has_no_learning(org, catalog):
    assert org.client(org.employee).get(reverse("learning:detail", args=[catalog["old"].public_id])).status_code == 404
    assert org.client(org.lod_admin).get(reverse("learning:detail", args=[catalog["old"].public_id])).status_code == 200
    c = org.client(org.outsider)
    assert c.post(reverse("learning:enrol", args=[catalog["sql"].public_id])).status_code == 403
    assert "Only employees have learning records" in c.get(reverse("learning:mine")).content.decode()
    assert not LearningRecord.objects.exists()


def test_my_learning_shows_only_my_records(org, catalog):
    from talentloop.learning import services

    services.record_result(org.colleague, catalog["py"], "completed")
    services.record_result(org.employee, catalog["sql"], "enrolled")
    body = org.client(org.employee).get(reverse("learning:mine")).content.decode()
    assert "SQL basics" in body and "Testing in Python" not in body


def test_the_nav_links_to_learning(org):
    body = org.client(org.employee).get(reverse("learning:catalog")).content.decode()
    assert f'href="{reverse("learning:catalog")}" aria-current="page">Learning<' in body


def test_the_catalog_shows_my_status_on_each_item(org, catalog):
    from talentloop.learning import services

    services.record_result(org.employee, catalog["sql"], "completed")
    services.record_result(org.colleague, catalog["py"], "enrolled")
    body = org.client(org.employee).get(reverse("learning:catalog")).content.decode()
    assert '<small class="badge badge-completed">completed</small>' in body
    assert "badge-enrolled" not in body


def test_my_learning_costs_a_fixed_number_of_queries(org, catalog, django_assert_max_num_queries):
    from talentloop.learning import services

    for n in range(12):
        services.record_result(org.employee, LearningItemFactory(title=f"Extra {n}"), "enrolled")
    c = org.client(org.employee)
    c.get(reverse("learning:mine"))
    with django_assert_max_num_queries(10):
        assert c.get(reverse("learning:mine")).status_code == 200
