"""POST /api/v1/skills/normalize and /infer: ranked taxonomy skills with a score and the passage behind each,
from the real model (or letters only when no model is available); nothing is ever written."""

from __future__ import annotations

import pytest
from django.apps import apps

from talentloop.skills import embedding, intelligence
from talentloop.skills.models import PhraseEmbedding, Skill
from talentloop.testing import factories as f


def row_counts() -> dict[str, int]:
    """Rows in every table: a request that writes nothing leaves this unchanged."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.fixture
def taxonomy(org):
    for slug, label in [
        ("people-management", "People management"), ("microsoft-excel", "Microsoft Excel"), ("coaching", "Coaching"),
        ("baking", "Baking"), ("stakeholder-management", "Stakeholder management"), ("kubernetes", "Kubernetes"),
    ]:
        f.SkillFactory(slug=slug, label=label)
    f.SkillAliasFactory(skill=Skill.objects.get(slug="kubernetes"), alias="k8s")
    f.SkillFactory(slug="lotus-notes", label="Lotus Notes", is_active=False)


def _post(client, path: str, body: dict):
    return client.post(f"/api/v1/skills/{path}", body, format="json")


def test_normalize_maps_free_text_to_the_taxonomy(org, api, taxonomy):
    ada = api(org.employee)
    answer = _post(ada, "normalize", {"text": "py scripting", "limit": 3}).json()
    assert answer["method"].startswith("minilm")
    assert len(answer["results"]) == 3
    first = answer["results"][0]
    assert (first["id"], first["label"], first["passage"], first["signal"]) == ("python", "Python", "py scripting", "semantic")
    assert 0 < first["score"] <= 1
    assert _post(ada, "normalize/", {"text": "people management"}).json()["results"][0] == {
        "id": "people-management", "label": "People management", "score": 1.0, "passage": "people management",
        "start": 0, "end": 17, "signal": "exact", "matched": "People management",
    }
    assert _post(ada, "normalize", {"text": "K8S"}).json()["results"][0]["id"] == "kubernetes"


def test_retired_skills_are_never_suggested(org, api, taxonomy):
    results = _post(api(org.employee), "normalize", {"text": "Lotus Notes", "limit": 50}).json()["results"]
    assert "lotus-notes" not in [r["id"] for r in results]


def test_infer_gives_each_skill_its_passage_and_offsets(org, api, taxonomy):
    text = "Our finance team needs help.\nYou will write SQL and Python every day.\n- Coach two junior analysts"
    results = _post(api(org.employee), "infer", {"text": text, "limit": 10}).json()["results"]
    by_id = {r["id"]: r for r in results}
    assert {"sql", "python", "coaching"} <= set(by_id)
    for r in results:
        assert text[r["start"]:r["end"]] == r["passage"]
    assert by_id["sql"]["passage"] == "You will write SQL and Python every day."
    assert by_id["coaching"]["passage"] == "Coach two junior analysts"
    assert by_id["sql"]["signal"] == "exact" and by_id["coaching"]["signal"] == "semantic"
    assert by_id["sql"]["score"] > by_id["coaching"]["score"]
    assert len(results) <= 10


def test_suggesting_writes_nothing(org, api, taxonomy):
    ada = api(org.employee)
    _post(ada, "infer", {"text": "warm-up"})  # the first call embeds the taxonomy into the cache table
    before = row_counts()
    _post(ada, "infer", {"text": "I write SQL and Python and bake bread.", "limit": 10})
    _post(ada, "normalize", {"text": "SQL"})
    assert row_counts() == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "text", "This field is required."),
        ({"text": "   "}, "text", "This field may not be blank."),
        ({"text": "sql", "limit": 0}, "limit", "Ensure this value is greater than or equal to 1."),
        ({"text": "sql", "limit": 51}, "limit", "Ensure this value is less than or equal to 50."),
        ({"text": "sql", "limit": "ten"}, "limit", "A valid integer is required."),
        ({"text": "sql", "lang": "en"}, "lang", None),
        ({"text": "x" * 201}, "text", "Ensure this field has no more than 200 characters."),
    ],
)
def test_bad_input_is_a_400_naming_the_field(org, api, taxonomy, body, field, message):
    response = _post(api(org.employee), "normalize", body)
    assert response.status_code == 400
    errors = response.json()
    assert field in str(errors)
    if message:
        assert message in str(errors)


def test_infer_takes_long_texts_but_not_endless_ones(org, api, taxonomy):
    ada = api(org.employee)
    assert _post(ada, "infer", {"text": "SQL. " * 3000}).status_code == 200
    response = _post(ada, "infer", {"text": "x" * (intelligence.MAX_TEXT + 1)})
    assert response.status_code == 400 and "text" in response.json()["errors"]


def test_only_signed_in_employees_and_admins_may_ask(org, api, taxonomy):
    assert _post(api(), "infer", {"text": "SQL"}).status_code in (401, 403)
    assert _post(api(org.outsider), "infer", {"text": "SQL"}).status_code == 403
    assert _post(api(org.outsider), "normalize", {"text": "SQL"}).status_code == 403
    assert _post(api(org.lod_admin), "normalize", {"text": "SQL"}).status_code == 200
    assert api(org.employee).get("/api/v1/skills/infer").status_code == 405


def test_without_a_model_the_letters_still_answer(org, api, taxonomy, settings):
    settings.TALENTLOOP_EMBEDDING_MODEL = "none"
    ada = api(org.employee)
    answer = _post(ada, "normalize", {"text": "Microsoft Exel"}).json()
    assert answer["method"] == "lexical"
    assert answer["results"][0]["id"] == "microsoft-excel" and answer["results"][0]["signal"] == "lexical"
    inferred = _post(ada, "infer", {"text": "You will write SQL and coach analysts."}).json()["results"]
    assert [r["id"] for r in inferred] == ["sql"]  # a paraphrase ("coach") needs the model


def test_a_missing_model_package_falls_back_to_letters_with_a_warning(org, api, taxonomy, monkeypatch, caplog):
    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(embedding, "_loaded", {})
    monkeypatch.setattr(embedding, "_package_dir", missing)
    answer = _post(api(org.employee), "normalize", {"text": "SQL"}).json()
    assert answer["method"] == "lexical"
    assert answer["results"][0]["id"] == "sql"
    assert "lexical matching only" in caplog.text


def test_the_taxonomy_is_embedded_once_and_kept_in_the_cache_table(org, taxonomy):
    intelligence.normalize("sql")
    stored = PhraseEmbedding.objects.count()
    assert stored == 2 * Skill.objects.filter(is_active=True).count()  # a vector per skill for each of the two models
    intelligence.forget_index()  # a new process: the vectors come from the table, none is embedded again
    intelligence.normalize("sql")
    assert PhraseEmbedding.objects.count() == stored
    f.SkillFactory(slug="terraform", label="Terraform")
    intelligence.forget_index()
    assert intelligence.normalize("terraform")[0].skill.slug == "terraform"
    assert PhraseEmbedding.objects.count() == stored + 2


def test_a_new_skill_is_suggested_once_the_index_notices_the_change(org, taxonomy, monkeypatch):
    intelligence.normalize("sql")
    monkeypatch.setattr(intelligence, "CHECK_EVERY_S", 0.0)
    f.SkillFactory(slug="apache-airflow", label="Apache Airflow")
    assert intelligence.normalize("airflow dags")[0].skill.slug == "apache-airflow"


def test_each_task_names_its_model_and_either_can_be_swapped(org, api, taxonomy, settings):
    ada = api(org.employee)
    text = "You will write SQL every day.\n- Coach two junior analysts"
    assert _post(ada, "normalize", {"text": "sql"}).json()["method"] == "minilm-l6-v2-int8@1.0.0"
    assert _post(ada, "infer", {"text": text}).json()["method"] == "wordllama-l2-supercat-256@0.4.0"
    settings.TALENTLOOP_INFERENCE_MODEL = "same"
    answer = _post(ada, "infer", {"text": text}).json()
    assert answer["method"] == "minilm-l6-v2-int8@1.0.0"
    assert {"sql", "coaching"} <= {r["id"] for r in answer["results"]}
    settings.TALENTLOOP_EMBEDDING_MODEL = "wordllama"
    assert _post(ada, "normalize", {"text": "sql"}).json()["method"] == "wordllama-l2-supercat-256@0.4.0"
