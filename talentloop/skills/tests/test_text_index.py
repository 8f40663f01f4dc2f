"""The text index without Django: normalisation and inference signals, passages and offsets, and the lexical-only
fallback when no model is available. The model is the real one (MiniLM int8, loaded once per process)."""

from __future__ import annotations

import pytest

from talentloop.skills.embedding import load_embedder
from talentloop.skills.textindex import Entry, SkillTextIndex, phrase_key, split_passages

TAXONOMY = [
    Entry(1, "Python", ("Python 3",)),
    Entry(2, "People management", ("line management",)),
    Entry(3, "SQL", ("structured query language",)),
    Entry(4, "Project management", ("PM",)),
    Entry(5, "R", ()),
    Entry(6, "Coaching", ()),
    Entry(7, "Microsoft Excel", ()),
    Entry(8, "Baking", ()),
    Entry(9, "Stakeholder management", ()),
    Entry(10, "Go", ("golang",)),
]


@pytest.fixture(scope="module")
def model():
    embedder = load_embedder("minilm")
    assert embedder is not None, "the MiniLM packages are dependencies: they must be installed"
    return embedder


@pytest.fixture(scope="module")
def semantic(model) -> SkillTextIndex:
    return SkillTextIndex(TAXONOMY, model)


@pytest.fixture(scope="module")
def lexical() -> SkillTextIndex:
    return SkillTextIndex(TAXONOMY, None)


def top(hits) -> int | None:
    return hits[0].skill_id if hits else None


def test_phrase_keys_ignore_case_accents_and_punctuation() -> None:
    assert phrase_key("Project-Management") == phrase_key("project   management") == "project management"
    assert phrase_key("Café Ops") == "cafe ops"
    assert phrase_key("C++ / C#") == "c++ c#"


def test_an_exact_label_or_alias_comes_first_with_full_confidence(semantic: SkillTextIndex) -> None:
    hit = semantic.normalize("people management")[0]
    assert (hit.skill_id, hit.score, hit.signal) == (2, 1.0, "exact")
    hit = semantic.normalize("Structured Query Language")[0]
    assert (hit.skill_id, hit.signal, hit.matched) == (3, "exact", "structured query language")
    assert hit.score < 1.0  # an alias is a hair less certain than the label


def test_the_model_maps_paraphrases_the_letters_do_not_share(semantic: SkillTextIndex, lexical: SkillTextIndex) -> None:
    for phrase, skill_id in [("py scripting", 1), ("spreadsheet formulas", 7), ("mentoring juniors", 6), ("pastry", 8)]:
        assert top(semantic.normalize(phrase)) == skill_id, phrase
        assert top(lexical.normalize(phrase)) != skill_id, phrase  # the letters alone miss these


def test_typos_are_caught_by_the_lexical_signal_alone(lexical: SkillTextIndex) -> None:
    assert top(lexical.normalize("pyhton")) == 1
    assert top(lexical.normalize("stakeholder managment")) == 9
    assert lexical.normalize("pyhton")[0].signal == "lexical"


def test_scores_rank_and_stay_between_0_and_1(semantic: SkillTextIndex) -> None:
    hits = semantic.normalize("project planning", limit=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 < h.score <= 1 for h in hits)
    assert hits[0].skill_id == 4


def test_empty_or_punctuation_only_text_suggests_nothing(semantic: SkillTextIndex) -> None:
    assert semantic.normalize("   ") == []
    assert semantic.normalize("?!") == []
    assert semantic.infer("") == []


TEXT = (
    "We are looking for an analyst who writes SQL every day.\n"
    "- Build the quarterly model in Microsoft Excel\n"
    "• You will coach two junior colleagues; statistics in R is a plus.\n"
    "Let's go for coffee."
)


def test_inference_names_the_passage_and_its_offsets(semantic: SkillTextIndex) -> None:
    hits = {h.skill_id: h for h in semantic.infer(TEXT)}
    sql = hits[3]
    assert sql.signal == "exact" and sql.matched == "SQL"
    assert sql.passage == "We are looking for an analyst who writes SQL every day."
    assert TEXT[sql.start:sql.end] == sql.passage
    excel = hits[7]
    assert excel.passage == "Build the quarterly model in Microsoft Excel"  # the bullet is not part of it
    assert TEXT[excel.start:excel.end] == excel.passage
    # "coach" is not the label "Coaching": the model finds it, from its own passage, less sure than a written name.
    assert hits[6].signal == "semantic" and "coach" in hits[6].passage and hits[6].score < sql.score
    assert hits[5].matched == "R"


def test_short_names_count_only_when_written_as_names(semantic: SkillTextIndex) -> None:
    hits = {h.skill_id: h for h in semantic.infer(TEXT)}
    # "R" written as a capital counts; "go" in "Let's go for coffee" is a word, not the language.
    assert 5 in hits
    assert 10 not in hits or hits[10].signal != "exact"


def test_inference_without_a_model_still_finds_written_names(lexical: SkillTextIndex) -> None:
    hits = {h.skill_id: h for h in lexical.infer(TEXT)}
    assert {3, 5, 7} <= set(hits)
    assert all(h.signal == "exact" for h in hits.values())
    assert 6 not in hits  # a paraphrase needs the model


def test_long_sentences_are_cut_into_windows_with_offsets() -> None:
    text = " ".join(f"word{i}" for i in range(70)) + "."
    passages = split_passages(text)
    assert [len(p.text.split()) for p in passages] == [30, 30, 10]
    assert all(text[p.start:p.end] == p.text for p in passages)


def test_unrelated_text_suggests_little_and_nothing_confident(semantic: SkillTextIndex) -> None:
    hits = semantic.infer("The weather was lovely and the train was on time.")
    assert all(h.score < 0.6 for h in hits)
