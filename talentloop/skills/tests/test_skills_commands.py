"""The skills intelligence from the command line: skills-normalize, skills-infer and skills-embed."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from talentloop.skills.models import PhraseEmbedding, Skill
from talentloop.testing import factories as f


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def taxonomy(org):
    f.SkillFactory(slug="coaching", label="Coaching")
    f.SkillFactory(slug="microsoft-excel", label="Microsoft Excel")


def test_normalize_prints_the_best_skills_with_scores(taxonomy):
    out = run("skills-normalize", "py", "scripting", "--limit", "2")
    lines = out.splitlines()
    assert lines[0].startswith("(minilm")
    assert "Python [python] (semantic)" in lines[1]
    assert len(lines) == 3


def test_normalize_as_json_answers_like_the_api(taxonomy):
    answer = json.loads(run("skills-normalize", "SQL", "--json", "--limit", "1"))
    assert answer["results"] == [
        {"id": "sql", "label": "SQL", "score": 1.0, "passage": "SQL", "start": 0, "end": 3, "signal": "exact", "matched": "SQL"}
    ]


def test_infer_reads_a_file_or_standard_input(taxonomy, tmp_path, monkeypatch):
    text = "Build the month-end model in Microsoft Excel.\n- Coach two junior analysts\n"
    path = tmp_path / "ad.txt"
    path.write_text(text, encoding="utf-8")
    from_file = run("skills-infer", str(path))
    assert "Microsoft Excel [microsoft-excel] (exact)  « Build the month-end model in Microsoft Excel. »" in from_file
    assert "Coaching [coaching] (semantic)  « Coach two junior analysts »" in from_file
    assert run("skills-infer", "-", stdin=text, monkeypatch=monkeypatch) == from_file


def test_bad_arguments_are_clear_errors(taxonomy, tmp_path):
    with pytest.raises(CommandError, match="--limit must be from 1 to 50"):
        run("skills-normalize", "sql", "--limit", "0")
    with pytest.raises(CommandError, match="Cannot read"):
        run("skills-infer", str(tmp_path / "missing.txt"))
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CommandError, match="Cannot read"):
        run("skills-infer", str(tmp_path / "latin1.txt"))
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(CommandError, match="The text is empty"):
        run("skills-infer", str(tmp_path / "empty.txt"))


def test_embed_fills_the_cache_table_once(taxonomy):
    out = run("skills-embed")
    active = Skill.objects.filter(is_active=True).count()
    # One vector per skill for each model: MiniLM for names and phrases, WordLlama for the passages of long texts.
    assert out.startswith(f"{active} skills embedded with minilm-l6-v2-int8@1.0.0 and wordllama-l2-supercat-256@0.4.0")
    assert PhraseEmbedding.objects.filter(model__startswith="minilm").count() == active
    assert PhraseEmbedding.objects.count() == 2 * active
    run("skills-embed")
    assert PhraseEmbedding.objects.count() == 2 * active


def test_embed_without_a_model_says_so(taxonomy, settings):
    settings.TALENTLOOP_EMBEDDING_MODEL = "none"
    assert "use lexical matching" in run("skills-embed")
    assert PhraseEmbedding.objects.count() == 0
