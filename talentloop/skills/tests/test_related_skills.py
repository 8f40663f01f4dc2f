"""Related skills found by machine (embeddings, co-occurrence in profiles and roles), kept under admins' review, and
earning partial credit in matching."""

from __future__ import annotations

import numpy as np
import pytest

from talentloop.errors import Forbidden
from talentloop.matching import loader
from talentloop.matching import services as matching
from talentloop.matching.models import MatchingChange
from talentloop.skills import intelligence, related
from talentloop.skills.models import RelatedSkill
from talentloop.testing import factories as f

A, B, C, D = 1, 2, 3, 4


@pytest.fixture
def no_model(settings):
    settings.TALENTLOOP_EMBEDDING_MODEL = "none"
    intelligence.forget_index()
    yield
    intelligence.forget_index()


# --- the computation, no database -----------------------------------------------------------------------------------


def test_cooccurrence_weights_on_a_hand_built_organisation():
    # 20 profiles: six hold A and B, two A only, one B only, everyone holds C, one holds D.
    profiles = [(p, A) for p in range(1, 9)] + [(p, B) for p in range(1, 7)] + [(9, B)] + [(p, C) for p in range(1, 21)] + [(10, D)]
    # 4 roles: two ask A and D, one asks B, one asks C.
    roles = [(100, A), (100, D), (101, A), (101, D), (102, B), (103, C)]
    pairs = {p.key: p for p in related.cooccurrence_pairs(profiles, roles)}
    # A → B: 6 together, 8 hold A, 7 hold B, 20 profiles.
    #   confidence 6 / (8 + 5) = 0.4615 → weight 0.1 + 0.7 x 0.4615 = 0.42; lift 6 x 20 / (8 x 7) = 2.14; 6 of 8 = 75 %.
    # B → A: confidence 6 / (7 + 5) = 0.5 → 0.45; lift 2.14; 6 of 7 = 86 %.
    # A → D through roles: 2 together, 2 roles ask A, 2 ask D, 4 roles: confidence 2 / (2 + 2) = 0.5 → 0.45; lift 2.0.
    # C is on every profile (lift 1.0: says nothing), D on one (too few): neither is paired with anything else.
    assert sorted((k, p.weight) for k, p in pairs.items()) == [((A, B), 0.42), ((A, D), 0.45), ((B, A), 0.45), ((D, A), 0.45)]
    assert pairs[A, B].detail == "together in 0 roles and 6 profiles (75% of the profiles holding it, lift 2.1)"
    assert pairs[B, A].detail == "together in 0 roles and 6 profiles (86% of the profiles holding it, lift 2.1)"
    assert pairs[A, D].detail == "together in 2 roles and 0 profiles (100% of the roles asking it, lift 2.0)"
    assert {p.source for p in pairs.values()} == {"cooccurrence"}


def test_cosine_maps_to_a_weight_below_a_direct_match():
    assert related.cosine_weight(0.6) == 0.3
    assert related.cosine_weight(0.8) == 0.55
    assert related.cosine_weight(1.0) == 0.8


def test_embedding_pairs_are_the_nearest_above_the_threshold_in_blocks():
    vectors = np.array([[1, 0, 0], [0.9, 0.436, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = related.embedding_pairs([10, 11, 12, 13], vectors, top_k=1, block=3)  # the block boundary cuts the rows
    assert sorted((p.from_id, p.to_id, p.detail) for p in pairs) == [(10, 11, "cosine 0.90"), (11, 10, "cosine 0.90")]


def test_a_pair_found_both_ways_takes_the_larger_weight_both_details_and_each_skill_keeps_its_strongest():
    embedding = [related.Pair(A, B, 0.6, "embedding", "cosine 0.84")]
    cooc = [related.Pair(A, B, 0.45, "cooccurrence", "together in 2 roles"), related.Pair(A, C, 0.3, "cooccurrence", "x"),
            related.Pair(A, D, 0.5, "cooccurrence", "y"), related.Pair(B, C, 0.7, "cooccurrence", "z")]
    combined = related.combine(embedding, cooc, skip={(B, C)}, per_skill=2)
    assert combined == [related.Pair(A, B, 0.6, "embedding", "cosine 0.84; together in 2 roles"),
                        related.Pair(A, D, 0.5, "cooccurrence", "y")]


# --- embeddings with the real model -----------------------------------------------------------------------------------


def test_the_model_relates_close_names_and_not_unrelated_ones(db):
    python = f.SkillFactory(slug="python", label="Python")
    python_programming = f.SkillFactory(slug="python-programming", label="Python programming")
    baking = f.SkillFactory(slug="baking", label="Baking")
    f.SkillFactory(slug="bread-baking", label="Bread baking")
    summary = related.recompute_related_skills()
    assert summary.method.startswith("minilm")
    pairs = {(r.from_skill.slug, r.to_skill.slug): r for r in RelatedSkill.objects.select_related("from_skill", "to_skill")}
    assert set(pairs) == {("python", "python-programming"), ("python-programming", "python"),
                          ("baking", "bread-baking"), ("bread-baking", "baking")}
    pair = pairs["python", "python-programming"]
    assert pair.source == "embedding" and pair.detail.startswith("cosine 0.9")
    assert 0.6 < pair.weight <= 0.8
    assert not RelatedSkill.objects.filter(from_skill__in=[python, python_programming], to_skill=baking).exists()


def _cooccurring(a, b, together=6, only_a=2):
    """Profiles where a and b go together, some holding a only, and ten holding neither."""
    other = f.SkillFactory(slug="filler", label="Filler")
    for _ in range(together):
        e = f.EmployeeFactory()
        f.EmployeeSkillFactory(employee=e, skill=a)
        f.EmployeeSkillFactory(employee=e, skill=b)
    for _ in range(only_a):
        f.EmployeeSkillFactory(employee=f.EmployeeFactory(), skill=a)
    for _ in range(10):
        f.EmployeeSkillFactory(employee=f.EmployeeFactory(), skill=other)


def test_without_a_model_only_cooccurrence_pairs_are_found(db, no_model):
    python = f.SkillFactory(slug="python", label="Python")
    python_programming = f.SkillFactory(slug="python-programming", label="Python programming")
    sql = f.SkillFactory(slug="sql", label="SQL")
    _cooccurring(python, sql)
    summary = related.recompute_related_skills()
    assert (summary.method, summary.embedding_pairs) == ("lexical", 0)
    rows = sorted((r.from_skill.slug, r.to_skill.slug, r.source) for r in RelatedSkill.objects.select_related("from_skill", "to_skill"))
    assert rows == [("python", "sql", "cooccurrence"), ("sql", "python", "cooccurrence")]
    assert not RelatedSkill.objects.filter(to_skill=python_programming).exists()


# --- the recompute and the admins' decisions --------------------------------------------------------------------------


def test_recompute_keeps_curated_reviewed_and_rejected_pairs_and_is_idempotent(org, no_model):
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    excel, r = f.SkillFactory(slug="excel", label="Excel"), f.SkillFactory(slug="r", label="R")
    _cooccurring(python, sql)
    _cooccurring(excel, r)
    admin = org.personas(org.talent_admin)
    curated = f.RelatedSkillFactory(from_skill=python, to_skill=sql, weight=0.2, source="curated")
    rejected = related.reject_related(admin, f.RelatedSkillFactory(from_skill=sql, to_skill=python, weight=0.45, source="cooccurrence"))
    accepted = related.accept_related(admin, f.RelatedSkillFactory(from_skill=excel, to_skill=r, weight=0.3, source="cooccurrence"),
                                      weight=0.7)
    stale = f.RelatedSkillFactory(from_skill=python, to_skill=excel, weight=0.5, source="embedding", detail="cosine 0.80")
    summary = related.recompute_related_skills()
    assert (summary.created, summary.updated, summary.removed, summary.kept_by_review, summary.kept_curated) == (1, 0, 1, 2, 1)
    assert RelatedSkill.objects.get(pk=curated.pk).weight == 0.2
    assert RelatedSkill.objects.get(pk=rejected.pk).rejected
    assert RelatedSkill.objects.get(pk=accepted.pk).weight == 0.7
    assert not RelatedSkill.objects.filter(pk=stale.pk).exists()
    # R → Excel: 6 of the 6 profiles holding R hold Excel (8 do), of 37 profiles with skills (Ada's and 2 x 18 here):
    # confidence 6 / (6 + 5) = 0.545 → weight 0.1 + 0.7 x 0.545 = 0.48; lift 6 x 37 / (6 x 8) = 4.6.
    (new,) = RelatedSkill.objects.filter(from_skill=r, to_skill=excel)
    assert (new.source, new.weight, new.reviewed_at) == ("cooccurrence", 0.48, None)
    assert new.detail == "together in 0 roles and 6 profiles (100% of the profiles holding it, lift 4.6)"

    stamps = MatchingChange.objects.count()
    again = related.recompute_related_skills()
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 1)
    assert MatchingChange.objects.count() == stamps, "nothing changed, so the index is not told to reload"


def test_a_restored_machine_pair_is_the_recomputes_again(org, no_model):
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    _cooccurring(python, sql)
    related.recompute_related_skills()
    pair = RelatedSkill.objects.get(from_skill=python, to_skill=sql)
    admin = org.personas(org.lod_admin)
    related.accept_related(admin, pair, weight=0.9)
    related.restore_related(admin, pair)
    assert related.recompute_related_skills().updated == 1
    pair.refresh_from_db()
    # Python → SQL: 6 together, 9 hold Python (Ada too): confidence 6 / (9 + 5) = 0.43 → weight 0.40.
    assert (pair.weight, pair.reviewed_by, pair.rejected) == (0.4, None, False)


def test_rejected_pairs_never_reach_the_engine(org):
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    kept = f.RelatedSkillFactory(from_skill=python, to_skill=sql, weight=0.5, source="embedding")
    gone = f.RelatedSkillFactory(from_skill=sql, to_skill=python, weight=0.5, source="embedding")
    related.reject_related(org.personas(org.talent_admin), gone)
    assert loader.related_triples() == [(kept.from_skill_id, kept.to_skill_id, 0.5)]


def test_after_a_recompute_holding_one_skill_earns_partial_credit_for_the_other(org, no_model):
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    _cooccurring(python, sql, together=5, only_a=0)  # with Ada's Python: 5 of 6 hold SQL too
    (before,) = matching.feed(org.personas(org.employee))[0]
    assert [line.skill for line in before.match.missing] == ["SQL"]
    related.recompute_related_skills()
    # Python → SQL: confidence 5 / (6 + 5) = 0.4545 → weight 0.1 + 0.7 x 0.4545 = 0.42.
    (after,) = matching.feed(org.personas(org.employee))[0]
    (line,) = after.match.partial
    assert (line.skill, line.via, line.via_weight) == ("SQL", "Python", pytest.approx(0.42))
    assert line.credit > 0 and after.match.score > before.match.score
    related.reject_related(org.personas(org.talent_admin), RelatedSkill.objects.get(from_skill=python, to_skill=sql))
    (rejected,) = matching.feed(org.personas(org.employee))[0]
    assert [line.skill for line in rejected.match.missing] == ["SQL"]


# --- who may review ---------------------------------------------------------------------------------------------------


def test_only_talent_and_lod_admins_may_review(org):
    pair = f.RelatedSkillFactory(source="embedding", weight=0.5)
    for who in (org.employee, org.manager, org.owner, org.outsider):
        for review in (related.accept_related, related.reject_related, related.restore_related):
            with pytest.raises(Forbidden):
                review(org.personas(who), pair)
    pair.refresh_from_db()
    assert (pair.rejected, pair.reviewed_at) == (False, None)
    assert org.client(org.employee).get("/admin/skills/relatedskill/").status_code == 302  # to the admin sign-in


def test_admins_accept_and_reject_from_the_admin_list_and_a_weight_edit_accepts(org):
    first = f.RelatedSkillFactory(source="embedding", weight=0.5, detail="cosine 0.76")
    second = f.RelatedSkillFactory(source="cooccurrence", weight=0.4, detail="together in 3 roles and 9 profiles")
    c = org.client(org.talent_admin)
    page = c.get("/admin/skills/relatedskill/?source__exact=embedding").text
    assert "cosine 0.76" in page and "together in 3 roles" not in page
    c.post("/admin/skills/relatedskill/", {"action": "reject_selected", "_selected_action": [first.pk]})
    c.post("/admin/skills/relatedskill/", {"action": "accept_selected", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.rejected, first.reviewed_by) == (True, org.talent_admin)
    assert (second.rejected, second.reviewed_by, second.weight) == (False, org.talent_admin, 0.4)
    assert "rejected by" in c.get("/admin/skills/relatedskill/?rejected__exact=1").text

    third = f.RelatedSkillFactory(source="embedding", weight=0.5)
    form = org.client(org.lod_admin).get(f"/admin/skills/relatedskill/{third.pk}/change/").text
    assert 'name="weight"' in form and 'name="source"' not in form
    assert f"/admin/skills/relatedskill/{third.pk}/delete/" not in form, "a machine pair is rejected, not deleted"
    response = org.client(org.lod_admin).post(f"/admin/skills/relatedskill/{third.pk}/change/", {"weight": "0.35", "_save": "Save"})
    assert response.status_code == 302
    third.refresh_from_db()
    assert (third.weight, third.reviewed_by, third.rejected) == (0.35, org.lod_admin, False)


def test_an_admin_adds_a_curated_pair_in_the_admin_and_the_index_is_told(org):
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    stamps = MatchingChange.objects.filter(kind="taxonomy").count()
    response = org.client(org.talent_admin).post("/admin/skills/relatedskill/add/", {
        "from_skill": python.pk, "to_skill": sql.pk, "weight": "0.5", "detail": "same family", "_save": "Save"})
    assert response.status_code == 302
    pair = RelatedSkill.objects.get(from_skill=python, to_skill=sql)
    assert (pair.source, pair.weight, pair.detail) == ("curated", 0.5, "same family")
    assert MatchingChange.objects.filter(kind="taxonomy").count() == stamps + 1
