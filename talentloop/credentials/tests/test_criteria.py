"""The criteria rule on plain rows, without a database."""

from talentloop.credentials.criteria import Criteria, Evidence, is_met, newly_met

PYTHON, SQL = 1, 2
VERIFIED_SOURCES = frozenset({"assessment", "gig_feedback", "manager_assessed", "credential"})
PYTHON_3 = Criteria(achievement_id=10, skill_id=PYTHON, level=3, evidence_sources=VERIFIED_SOURCES)


def test_verified_evidence_at_the_level_meets_it():
    assert is_met(PYTHON_3, [Evidence(PYTHON, "assessment", 3, True)])


def test_verified_evidence_above_the_level_meets_it():
    assert is_met(PYTHON_3, [Evidence(PYTHON, "gig_feedback", 5, True)])


def test_evidence_below_the_level_does_not():
    assert not is_met(PYTHON_3, [Evidence(PYTHON, "assessment", 2, True)])


def test_unverified_evidence_never_counts_even_if_its_source_is_listed():
    lenient = Criteria(10, PYTHON, 3, frozenset({"learning_completion", "self_declared"}))
    assert not is_met(lenient, [Evidence(PYTHON, "learning_completion", 4, False), Evidence(PYTHON, "self_declared", 5, False)])


def test_evidence_from_a_source_the_achievement_does_not_list_does_not_count():
    assessments_only = Criteria(10, PYTHON, 3, frozenset({"assessment"}))
    assert not is_met(assessments_only, [Evidence(PYTHON, "manager_assessed", 4, True)])
    assert is_met(assessments_only, [Evidence(PYTHON, "assessment", 4, True)])


def test_evidence_on_another_skill_does_not_count():
    assert not is_met(PYTHON_3, [Evidence(SQL, "assessment", 5, True)])


def test_achievements_already_held_are_not_due_again():
    sql_2 = Criteria(11, SQL, 2, VERIFIED_SOURCES)
    evidence = [Evidence(PYTHON, "assessment", 3, True), Evidence(SQL, "assessment", 2, True)]
    assert newly_met([PYTHON_3, sql_2], evidence, held=set()) == [10, 11]
    assert newly_met([PYTHON_3, sql_2], evidence, held={10}) == [11]
