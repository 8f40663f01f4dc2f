"""The skills taxonomy through the API: search by label or alias, filter by category or family, every detail
of a skill; talent and L&OD admins create and change skills, validated before anything is written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.skills.models import Skill, SkillExternalId
from talentloop.testing import factories as f


@pytest.fixture
def taxonomy(org):
    data = f.SkillCategoryFactory(slug="data", name="Data")
    engineering = f.SkillCategoryFactory(slug="data-engineering", name="Data engineering", parent=data)
    pipelines = f.SkillCategoryFactory(slug="pipelines", name="Pipelines", parent=engineering)
    people = f.SkillCategoryFactory(slug="people", name="People")
    spark = f.SkillFactory(slug="apache-spark", label="Apache Spark", category=pipelines)
    f.SkillAliasFactory(skill=spark, alias="PySpark")
    f.SkillAliasFactory(skill=spark, alias="Spark")
    python = Skill.objects.get(slug="python")
    python.category = engineering
    python.save()
    f.RelatedSkillFactory(from_skill=spark, to_skill=python, weight=0.6)
    SkillExternalId.objects.create(skill=spark, scheme="esco", identifier="http://data.europa.eu/esco/skill/spark")
    f.SkillFactory(slug="coaching", label="Coaching", category=people)
    f.SkillFactory(slug="lotus-notes", label="Lotus Notes", category=people, is_active=False)
    return spark


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [s["slug"] for s in response.json()["results"]]


def test_a_skill_shows_its_category_family_aliases_related_skills_and_external_ids(org, api, taxonomy):
    spark = api(org.employee).get("/api/v1/skills/apache-spark/").json()
    assert spark == {
        "slug": "apache-spark", "label": "Apache Spark", "description": "", "skill_type": "skill", "is_active": True,
        "category": {"slug": "pipelines", "name": "Pipelines"},
        "family": {"slug": "data", "name": "Data"},
        "aliases": ["PySpark", "Spark"],
        "related": [{"skill": "python", "label": "Python", "weight": 0.6, "source": "curated"}],
        "external_ids": [{"scheme": "esco", "identifier": "http://data.europa.eu/esco/skill/spark"}],
    }


def test_search_matches_labels_and_aliases(org, api, taxonomy):
    c = api(org.employee)
    assert _slugs(c.get("/api/v1/skills/?q=pyspark")) == ["apache-spark"]
    assert _slugs(c.get("/api/v1/skills/?q=coach")) == ["coaching"]
    assert _slugs(c.get("/api/v1/skills/?q=py")) == ["apache-spark", "python"]


def test_a_category_filter_takes_its_subcategories_and_a_family_takes_all(org, api, taxonomy):
    c = api(org.employee)
    assert _slugs(c.get("/api/v1/skills/?category=data")) == ["apache-spark", "python"]
    assert _slugs(c.get("/api/v1/skills/?category=pipelines")) == ["apache-spark"]
    unknown = c.get("/api/v1/skills/?category=astrology")
    assert unknown.status_code == 400
    assert list(unknown.json()["errors"]) == ["category"]


def test_retired_skills_are_listed_only_when_asked(org, api, taxonomy):
    c = api(org.employee)
    assert "lotus-notes" not in _slugs(c.get("/api/v1/skills/?page_size=100"))
    assert _slugs(c.get("/api/v1/skills/?is_active=false")) == ["lotus-notes"]
    assert c.get("/api/v1/skills/lotus-notes/").json()["is_active"] is False


def test_skills_are_paginated(org, api, taxonomy):
    page = api(org.employee).get("/api/v1/skills/?page_size=2").json()
    assert page["count"] == 4
    assert len(page["results"]) == 2
    assert page["next"]
    assert api(org.employee).get("/api/v1/skills/?page_size=2&page=3").status_code == 404


def test_the_category_tree_nests_subcategories_under_families(org, api, taxonomy):
    tree = api(org.employee).get("/api/v1/skill-categories/").json()["results"]
    data = next(node for node in tree if node["slug"] == "data")
    assert data == {
        "slug": "data", "name": "Data", "parent": None,
        "children": [{
            "slug": "data-engineering", "name": "Data engineering", "parent": "data",
            "children": [{"slug": "pipelines", "name": "Pipelines", "parent": "data-engineering", "children": []}],
        }],
    }
    assert "pipelines" not in {node["slug"] for node in tree}
    subtree = api(org.employee).get("/api/v1/skill-categories/data-engineering/").json()
    assert subtree["parent"] == "data" and subtree["children"][0]["slug"] == "pipelines"
    assert api(org.employee).get("/api/v1/skill-categories/astrology/").status_code == 404


def test_an_lod_admin_adds_a_skill_with_aliases_related_skills_and_external_ids(org, api, taxonomy):
    response = api(org.lod_admin).post("/api/v1/skills/", {
        "slug": "dbt", "label": "dbt", "category": "pipelines", "skill_type": "knowledge",
        "aliases": ["data build tool"], "related": [{"skill": "sql", "weight": 0.8}],
        "external_ids": [{"scheme": "esco", "identifier": "http://data.europa.eu/esco/skill/dbt"}],
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["family"]["slug"], body["aliases"], body["skill_type"]) == ("data", ["data build tool"], "knowledge")
    assert body["related"] == [{"skill": "sql", "label": "SQL", "weight": 0.8, "source": "curated"}]


def test_a_talent_admin_changes_and_retires_a_skill(org, api, taxonomy):
    c = api(org.talent_admin)
    response = c.patch("/api/v1/skills/apache-spark/", {"label": "Spark", "aliases": ["PySpark"]}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["label"], response.json()["aliases"]) == ("Spark", ["PySpark"])
    assert response.json()["related"][0]["skill"] == "python"  # untouched when not given
    assert c.patch("/api/v1/skills/apache-spark/", {"is_active": False}, format="json").json()["is_active"] is False


@pytest.mark.parametrize("body, field, code", [
    ({"category": "astrology"}, "category", 400),
    ({"slug": "Not A Slug"}, "slug", 400),
    ({"label": ""}, "label", 400),
    ({"skill_type": "magic"}, "skill_type", 400),
    ({"aliases": "Spark"}, "aliases", 400),
    ({"aliases": ["x" * 201]}, "aliases[0]", 400),
    ({"aliases": ["dbt", "DBT"]}, "aliases", 400),
    ({"related": [{"skill": "sql", "weight": 2}]}, "related[0].weight", 400),
    ({"related": [{"skill": "sql"}]}, "related[0].weight", 400),
    ({"related": [{"skill": "nope", "weight": 0.5}]}, "related[0].skill", 400),
    ({"external_ids": [{"scheme": "esco"}]}, "external_ids[0].identifier", 400),
    ({"slug": "python"}, "slug", 409),
    ({"label": "PYTHON"}, "label", 409),
    ({"aliases": ["pyspark"]}, "aliases", 409),
    ({"external_ids": [{"scheme": "esco", "identifier": "http://data.europa.eu/esco/skill/spark"}]}, "external_ids[0].identifier", 409),
])
def test_a_bad_skill_is_refused_naming_the_field_and_nothing_is_written(org, api, taxonomy, body, field, code):
    c = api(org.talent_admin)
    new = c.post("/api/v1/skills/", {"slug": "dbt", "label": "dbt", "category": "pipelines", **body}, format="json")
    assert new.status_code == code, new.json()
    assert list(new.json()["errors"]) == [field]
    assert not Skill.objects.filter(slug="dbt").exists()
    changed = c.patch("/api/v1/skills/coaching/", body, format="json")
    assert changed.status_code == code, changed.json()
    assert list(changed.json()["errors"]) == [field]
    coaching = Skill.objects.get(slug="coaching")
    assert (coaching.label, coaching.category.slug, coaching.aliases.count(), coaching.related_out.count()) == (
        "Coaching", "people", 0, 0
    )


def test_a_skill_cannot_be_related_to_itself(org, api, taxonomy):
    response = api(org.talent_admin).patch(
        "/api/v1/skills/apache-spark/", {"related": [{"skill": "apache-spark", "weight": 0.5}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"related[0].skill": ["A skill cannot be related to itself."]}
    assert api(org.employee).get("/api/v1/skills/apache-spark/").json()["related"][0]["skill"] == "python"


def test_the_list_takes_the_same_few_queries_for_many_skills(org, api, taxonomy, django_assert_max_num_queries):
    c = api(org.employee)
    c.get("/api/v1/skills/")
    with CaptureQueriesContext(connection) as few:
        c.get("/api/v1/skills/?page_size=100")
    for _ in range(10):
        skill = f.SkillFactory(category=taxonomy.category)
        f.SkillAliasFactory(skill=skill)
        f.RelatedSkillFactory(from_skill=skill, to_skill=taxonomy)
        SkillExternalId.objects.create(skill=skill, scheme="esco", identifier=f"esco:{skill.slug}")
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        assert c.get("/api/v1/skills/?page_size=100&q=skill").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert c.get("/api/v1/skills/?page_size=100").json()["count"] == 14
    assert len(many) == len(few)


def test_skills_are_changed_with_patch_only(org, api, taxonomy):
    c = api(org.talent_admin)
    assert c.put("/api/v1/skills/coaching/", {"slug": "coaching", "label": "C", "category": "people"}, format="json").status_code == 405
    assert c.delete("/api/v1/skills/coaching/").status_code == 405
    assert Skill.objects.get(slug="coaching").label == "Coaching"


def test_stating_related_skills_keeps_machine_made_and_rejected_pairs(org, api, taxonomy):
    """The API's `related` is what an admin states: those pairs become reviewed (the nightly recompute leaves them
    alone); machine-made and rejected pairs not listed stay for review in the admin; rejected ones are not shown."""
    from talentloop.skills.models import RelatedSkill

    coaching = Skill.objects.get(slug="coaching")
    sql = Skill.objects.get(slug="sql")
    f.RelatedSkillFactory(from_skill=taxonomy, to_skill=coaching, weight=0.4, source="embedding", detail="cosine 0.7")
    f.RelatedSkillFactory(from_skill=taxonomy, to_skill=sql, weight=0.5, source="cooccurrence", rejected=True)
    response = api(org.talent_admin).patch(
        "/api/v1/skills/apache-spark/", {"related": [{"skill": "coaching", "weight": 0.3}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert [(r["skill"], r["weight"], r["source"]) for r in response.json()["related"]] == [("coaching", 0.3, "curated")]
    pairs = {r.to_skill.slug: r for r in RelatedSkill.objects.filter(from_skill=taxonomy)}
    assert set(pairs) == {"coaching", "sql"}  # the curated Python pair, not listed, is gone; the rejected one stays
    assert pairs["coaching"].reviewed_by == org.talent_admin and pairs["coaching"].reviewed_at is not None
    assert pairs["sql"].rejected
