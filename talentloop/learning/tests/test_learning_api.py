"""The learning API: the catalog with filters, enrol / progress / complete, and my learning records."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from talentloop.learning.models import ItemKind, LearningRecord
from talentloop.learning.tests.factories import LearningItemFactory, LearningItemSkillFactory
from talentloop.people.models import EmployeeSkill
from talentloop.testing.factories import SkillFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/learning-items/"


def api(who) -> APIClient:
    c = APIClient()
    c.force_authenticate(who.user if hasattr(who, "user") and not hasattr(who, "is_superuser") else who)
    return c


@pytest.fixture
def items(org):
    sql = SkillFactory(slug="sql", label="SQL")
    course = LearningItemFactory(slug="sql-basics", title="SQL basics")
    LearningItemSkillFactory(item=course, skill=sql, target_level=2)
    exam = LearningItemFactory(slug="sql-exam", title="SQL exam", kind=ItemKind.ASSESSMENT)
    LearningItemSkillFactory(item=exam, skill=sql, target_level=3)
    gdpr = LearningItemFactory(slug="gdpr", title="Data protection", compliance=True)
    return {"course": course, "exam": exam, "gdpr": gdpr}


def test_it_lists_and_filters_the_catalog(org, items):
    c = api(org.employee)
    body = c.get(BASE).json()
    assert [i["slug"] for i in body["results"]] == ["gdpr", "sql-basics", "sql-exam"]
    assert body["results"][1]["skills"] == [{"skill": "sql", "label": "SQL", "target_level": 2}]
    assert [i["slug"] for i in c.get(BASE, {"kind": "assessment"}).json()["results"]] == ["sql-exam"]
    assert [i["slug"] for i in c.get(BASE, {"compliance": "true"}).json()["results"]] == ["gdpr"]
    assert [i["slug"] for i in c.get(BASE, {"skill": "sql", "q": "basics"}).json()["results"]] == ["sql-basics"]


def test_a_bad_filter_answers_400_naming_it(org, items):
    response = api(org.employee).get(BASE, {"kind": "podcast"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_the_list_costs_a_fixed_number_of_queries(org, items, django_assert_max_num_queries):
    for n in range(10):
        LearningItemSkillFactory(item=LearningItemFactory(title=f"Extra {n}"))
    with django_assert_max_num_queries(8):
        assert api(org.employee).get(BASE).status_code == 200


def test_it_reads_one_item(org, items):
    body = api(org.employee).get(f"{BASE}{items['exam'].public_id}/").json()
    assert (body["title"], body["kind"]) == ("SQL exam", "assessment")


def test_enrol_progress_complete_and_my_records(org, items):
    c = api(org.employee)
    url = f"{BASE}{items['course'].public_id}"
    assert c.post(f"{url}/enrol", {}, format="json").json()["status"] == "enrolled"
    body = c.post(f"{url}/progress", {"percent": 30}, format="json").json()
    assert (body["status"], body["progress"]) == ("in_progress", 30)
    body = c.post(f"{url}/complete", format="json").json()
    assert (body["status"], body["progress"]) == ("completed", 100)
    assert EmployeeSkill.objects.get(employee=org.employee, skill__slug="sql").proficiency == 1
    records = c.get("/api/v1/me/learning-records/").json()["results"]
    assert [(r["item"]["slug"], r["status"], r["source"]) for r in records] == [("sql-basics", "completed", "ui")]


@pytest.mark.parametrize("body", [{"percent": 101}, {"percent": "lots"}, {}, {"percent": 10, "extra": 1}])
def test_bad_progress_answers_400_naming_the_field_and_writes_nothing(org, items, body):
    response = api(org.employee).post(f"{BASE}{items['course'].public_id}/progress", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) & {"percent", "extra"}
    assert not LearningRecord.objects.exists()


def test_an_assessment_cannot_be_self_completed(org, items):
    response = api(org.employee).post(f"{BASE}{items['exam'].public_id}/complete", format="json")
    assert response.status_code == 403
    assert not LearningRecord.objects.exists()


def test_unknown_and_retired_items_answer_404(org, items):
    items["gdpr"].is_active = False
    items["gdpr"].save()
    c = api(org.employee)
    assert c.get(f"{BASE}{items['gdpr'].public_id}/").status_code == 404
    assert c.post(f"{BASE}{items['gdpr'].public_id}/enrol", format="json").status_code == 404
    assert c.get(f"{BASE}00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_outsider_sees_no_catalog_and_no_records(org, items):
    from talentloop.learning import services

    services.record_result(org.employee, items["course"], "completed")
    c = api(org.outsider)
    assert c.get(BASE).status_code == 403
    assert c.get("/api/v1/me/learning-records/").status_code == 403
    assert c.post(f"{BASE}{items['course'].public_id}/enrol", format="json").status_code == 403


def test_an_employee_sees_only_their_own_records(org, items):
    from talentloop.learning import services

    services.record_result(org.employee, items["course"], "completed")
    assert api(org.colleague).get("/api/v1/me/learning-records/").json()["results"] == []


def test_an_lod_admin_without_a_profile_has_no_records_to_write(org, items):
    c = api(org.lod_admin)
    assert c.get(BASE).status_code == 200
    assert c.post(f"{BASE}{items['course'].public_id}/enrol", format="json").status_code == 403
    assert c.get("/api/v1/me/learning-records/").json()["results"] == []


def test_my_records_cost_a_fixed_number_of_queries(org, items, django_assert_max_num_queries):
    from talentloop.learning import services

    for n in range(12):
        services.record_result(org.employee, LearningItemFactory(title=f"Extra {n}"), "enrolled")
    with django_assert_max_num_queries(6):
        assert len(api(org.employee).get("/api/v1/me/learning-records/").json()["results"]) == 12


def test_a_persons_records_are_for_them_their_managers_and_the_admins(org, items):
    from talentloop.learning import services

    services.record_result(org.employee, items["course"], "completed")
    url = f"/api/v1/people/{org.employee.public_id}/learning-records/"
    for who in (org.employee, org.manager, org.lod_admin, org.talent_admin):
        assert [r["item"]["slug"] for r in api(who).get(url).json()["results"]] == ["sql-basics"], who
    for who in (org.colleague, org.owner):
        response = api(who).get(url)
        assert response.status_code == 404 and "results" not in response.json()
    assert api(org.outsider).get(url).status_code == 403
    assert api(org.manager).get("/api/v1/people/00000000-0000-0000-0000-000000000000/learning-records/").status_code == 404
