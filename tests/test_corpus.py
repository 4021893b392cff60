"""Precision and recall of the sentence-level rules on the labelled claims corpus (tests/corpus/claims.jsonl).

Each case is linted on its own with the installed pack; a category counts as predicted when any finding of
that category is reported. The floors sit a little under the figures the pack reaches, so a regression in a
rule or in the judge fails here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mlint.api import lint_text
from mlint.pack import load_pack

CORPUS = Path(__file__).parent / "corpus" / "claims.jsonl"
DOCUMENT_LEVEL = {"missing-disclaimer", "missing-fda-disclosure"}
FLOORS = {  # category: (precision, recall)
    "efficacy-absolute": (0.95, 0.95),
    "cure-or-guarantee": (0.95, 0.95),
    "superiority-unsupported": (0.95, 0.95),
    "safety-overclaim": (0.95, 0.95),
    "fda-status-misleading": (0.95, 0.95),
    "testimonial-atypical": (0.95, 0.95),
    "statistic-unsourced": (0.95, 0.95),
    "urgency-pressure": (0.95, 0.95),
}
OVERALL_FLOOR = 0.97


@pytest.fixture(scope="module")
def counts() -> dict[str, Counter]:
    """True positives, false positives and false negatives per category over the whole corpus."""
    pack = load_pack()
    tally: dict[str, Counter] = {c: Counter() for c in FLOORS}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        found = {f.category for f in lint_text(case["text"], "case.txt", pack=pack).findings} - DOCUMENT_LEVEL
        gold = set(case["labels"]) - DOCUMENT_LEVEL
        for category in FLOORS:
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get((category in gold, category in found))
            if key:
                tally[category][key] += 1
    return tally


def ratio(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 1.0


@pytest.mark.parametrize("category", FLOORS)
def test_category_precision_and_recall(counts: dict[str, Counter], category: str) -> None:
    c = counts[category]
    precision, recall = ratio(c["tp"], c["fp"]), ratio(c["tp"], c["fn"])
    floor_p, floor_r = FLOORS[category]
    assert precision >= floor_p, f"{category}: precision {precision:.2f} < {floor_p} ({dict(c)})"
    assert recall >= floor_r, f"{category}: recall {recall:.2f} < {floor_r} ({dict(c)})"


def test_overall_precision_and_recall(counts: dict[str, Counter]) -> None:
    total = sum(counts.values(), Counter())
    precision, recall = ratio(total["tp"], total["fp"]), ratio(total["tp"], total["fn"])
    assert precision >= OVERALL_FLOOR and recall >= OVERALL_FLOOR, (precision, recall, dict(total))


def test_corpus_is_balanced_and_labelled() -> None:
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    clean = sum(1 for c in cases if not c["labels"])
    assert len(cases) >= 300 and 0.35 <= clean / len(cases) <= 0.65
    assert len({c["id"] for c in cases}) == len(cases)
