"""Document-level rules (missing disclaimer, missing FDA-status disclosure) on the document corpus, and the
trickiest judgements of the FDA-status, testimonial, statistic and urgency rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlint.api import lint_file, lint_text
from mlint.api import load_pack
from mlint.pack import PackError, builtin_root

DOCS = Path(__file__).parent / "corpus" / "docs"
DOC_CATEGORIES = {"missing-disclaimer", "missing-fda-disclosure"}
MANIFEST = [json.loads(line) for line in (DOCS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def categories(text: str, path: str = "page.md") -> set[str]:
    result = lint_text(text, path, pack=PACK)
    assert not result.errors
    return {f.category for f in result.findings}


def codes(text: str, path: str = "page.txt") -> set[str]:
    return {f.code for f in lint_text(text, path, pack=PACK).findings}


PACK = load_pack()


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_document_corpus_matches_manifest(entry: dict) -> None:
    result = lint_file(str(DOCS / entry["file"]), PACK)
    assert not result.errors
    found = {f.category for f in result.findings} & DOC_CATEGORIES
    assert found == set(entry["doc_labels"])


def test_document_corpus_is_large_enough() -> None:
    assert len(MANIFEST) >= 12
    assert all(any(c in e["doc_labels"] for e in MANIFEST) for c in DOC_CATEGORIES)
    assert any(not e["doc_labels"] for e in MANIFEST)


# --- missing-fda-disclosure -------------------------------------------------------------------------------

def test_fda_registered_lab_is_not_a_disclosure() -> None:
    page = ("# Cord-tissue injections for hip pain\n\nOur cells come from an FDA-registered lab.\n\n"
            "This page is not medical advice.\n")
    assert "missing-fda-disclosure" in categories(page)


def test_disclosure_in_an_html_comment_does_not_count() -> None:
    page = ("<html><body><h1>Exosome therapy for knee pain</h1><p>Book a visit.</p>"
            "<!-- Exosome products are not approved by the FDA for knee pain. -->"
            "<p>This page is not medical advice.</p></body></html>")
    assert "missing-fda-disclosure" in categories(page, "page.html")
    visible = page.replace("<!-- ", "<p>").replace(" -->", "</p>")
    assert "missing-fda-disclosure" not in categories(visible, "page.html")


def test_disclosure_split_across_lines_counts() -> None:
    page = ("# PRP for tennis elbow\n\nPRP injections for tendon pain have not been approved by the U.S. Food\n"
            "and Drug Administration. Individual results vary.\n")
    assert categories(page) & DOC_CATEGORIES == set()


@pytest.mark.parametrize("statement", [
    "These injections are not FDA-approved for any joint condition.",
    "The cell product is investigational.",
    "We offer it only within our clinical trial (NCT01234567).",
    "The Food and Drug Administration has not approved this product for back pain.",
])
def test_fda_disclosure_wordings(statement: str) -> None:
    page = f"Stem cell injections for back pain.\n{statement}\nThis is not medical advice.\n"
    assert "missing-fda-disclosure" not in categories(page, "page.txt")


def test_someone_elses_trial_id_is_not_a_disclosure() -> None:
    page = "Stem cell injections for back pain.\nA trial elsewhere (NCT01234567) studies a similar product.\n"
    assert "missing-fda-disclosure" in categories(page, "page.txt")


# --- missing-disclaimer ------------------------------------------------------------------------------------

def test_non_health_page_gets_no_document_finding() -> None:
    page = "# Parking and opening hours\n\nWe are open 8 to 6. Free parking behind the building.\n"
    assert categories(page) & DOC_CATEGORIES == set()


def test_disclaimer_does_not_cancel_sentence_findings() -> None:
    page = ("Our stem cell injections are FDA-approved for knee pain.\n"
            "They are not approved by the FDA; this page is not medical advice and individual results vary.\n")
    found = codes(page)
    assert "MED501" in found
    assert not found & {"MED901", "MED902"}


def test_negated_consult_is_not_a_disclaimer() -> None:
    page = "PRP heals tennis elbow for good.\nYou do not need to consult your doctor before booking.\n"
    assert "MED901" in codes(page)


# --- fda-status-misleading ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,flagged", [
    ("The spinning device is FDA-cleared, which means our PRP meets FDA standards.", True),
    ("The spinning device is FDA-cleared, but PRP for knee pain is not FDA-approved.", False),
    ("The only FDA-approved stem cell products are cord-blood transplants for blood cancers.", False),
    ("Because our cells are a 361 product, no FDA approval is needed.", True),
    ("Regulators say cells sold for arthritis are not exempt from FDA approval.", False),
    ("Our lab is registered with the FDA; that does not mean the FDA has approved this treatment.", False),
])
def test_fda_status_judgements(text: str, flagged: bool) -> None:
    assert ("fda-status-misleading" in categories(text, "t.txt")) is flagged


def test_disclosure_in_another_sentence_does_not_qualify_the_claim() -> None:
    text = "Our PRP kit is FDA-cleared, so the treatment is approved. PRP is not FDA-approved for knee pain."
    assert "MED501" in codes(text)


# --- testimonial-atypical ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,flagged", [
    ('"Six weeks after my BMAC injection I was hiking again." - Joan, 70', True),
    ('"The nurses were lovely and I never waited." - Joan, 70', False),
    ("Most of our patients feel a difference within a month.", True),
    ("Most patients go home within an hour.", False),
    ("Some patients report less pain; others notice no change.", False),
])
def test_testimonial_judgements(text: str, flagged: bool) -> None:
    assert ("testimonial-atypical" in categories(text, "t.txt")) is flagged


def test_typicality_disclosure_counts_only_in_the_same_paragraph() -> None:
    story = '"Two months after my PRP shot I was playing golf again." - Ray'
    disclosure = "Individual results vary, and many patients see little change."
    assert "testimonial-atypical" not in categories(f"{story} {disclosure}\n", "t.txt")
    assert "testimonial-atypical" in categories(f"{story}\n\n{disclosure}\n", "t.txt")


# --- statistic-unsourced -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,flagged", [
    ("Pain scores improved by 58% at one year.", True),
    ("Pain scores improved by 58% at one year (Okafor et al., 2022).", False),
    ("A young disc is about 80% water.", False),
    ("Roughly 30% of adults over 60 have knee arthritis.", False),
    ("Book by Friday and save 20%.", False),
    ("More than 4,000 knees treated since 2015.", True),
    ("We have been open since 2009 and charge $450 per visit.", False),
])
def test_statistic_judgements(text: str, flagged: bool) -> None:
    assert ("statistic-unsourced" in categories(text, "t.txt")) is flagged


def test_citation_in_the_same_paragraph_sources_the_figure() -> None:
    text = "In our clinic audit, 64% of patients reported less pain. The full audit is at https://example.org/a.\n"
    assert "statistic-unsourced" not in categories(text, "t.txt")
    assert "statistic-unsourced" in categories(text.replace(" The full audit", "\n\nThe full audit"), "t.txt")


# --- urgency-pressure --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,flagged", [
    ("Contact us to schedule a consultation.", False),
    ("Book your consultation.", False),
    ("There is no deadline; this price applies all year.", False),
    ("Studies of this injection follow patients for a limited time.", False),
    ("Only two appointments left this week!", True),
    ("Our autumn offer ends on Sunday.", True),
    ("Don't wait until your knee needs replacing.", True),
])
def test_urgency_judgements(text: str, flagged: bool) -> None:
    assert ("urgency-pressure" in categories(text, "t.txt")) is flagged


# --- the judge's optional checks ---------------------------------------------------------------------------

def test_vocabulary_without_a_judge_fragment_is_a_clear_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    vocab = (builtin_root() / "vocab.yaml").read_text(encoding="utf-8")
    rule = """
rules:
  - code: ACME101
    name: acme-approval
    category: fda-status-misleading
    severity: error
    message: "m"
    rationale: "r"
    references: ["x"]
    suggestion: "s"
    pattern: 'FDA-approved'
    examples: {invalid: ["FDA-approved."], valid: ["No."]}
"""
    pack.write_text(vocab.replace("    fda_qualifier: >-", "    fda_qualifier_renamed: >-") + rule, encoding="utf-8")
    with pytest.raises(PackError, match="vocabulary lacks the fragment 'fda_qualifier'"):
        load_pack([str(pack)], builtin=False)


def test_every_shared_fragment_has_one_home() -> None:
    # The shared vocabulary lives in rules/vocab.yaml only: no rule file of the US pack defines its own.
    for name, origin in PACK.vocab.origin.items():
        assert origin.endswith("vocab.yaml"), (name, origin)


# --- classes of phrasing found missed or wrongly flagged on held-out copy and real clinic pages ---------------

@pytest.mark.parametrize("text,category,flagged", [
    # an anatomy range is not an outcome figure; a pain scale is not a result
    ("A healthy disc holds approximately 70-80% water.", "statistic-unsourced", False),
    ("Pain is scored on a 10-point scale.", "statistic-unsourced", False),
    ("Our audit shows a sixty-percent improvement in grip.", "statistic-unsourced", True),
    ("Pain scores fell 50-60% at one year.", "statistic-unsourced", True),
    # a generic "the injection" that points back at a steroid is about the steroid
    ("Corticosteroid injections are widely used. The injection suppresses inflammation without addressing the "
     "cartilage loss.", "efficacy-absolute", False),
    ("Our PRP is prepared in 20 minutes. The injection suppresses inflammation in the joint.",
     "efficacy-absolute", True),
    # conventional care's limits, and a hedged scientific superlative, are not superiority claims
    ("For years, the best available medicine could do was manage the consequences.", "superiority-unsupported", False),
    ("Perhaps the most powerful mechanism is the signalling between cells.", "superiority-unsupported", False),
    ("Ours is the most powerful regenerative protocol in the state.", "superiority-unsupported", True),
    # question-and-answer and verbless headlines are claims, even with no treatment named
    ("Side effects? None.", "safety-overclaim", True),
    ("Side effects? Mild soreness for a day, and rarely an infection.", "safety-overclaim", False),
    ("Hip pain relieved, naturally.", "efficacy-absolute", True),
    ("Hip pain relieved by rest usually returns.", "efficacy-absolute", False),
])
def test_phrasing_classes(text: str, category: str, flagged: bool) -> None:
    assert (category in categories(text, "t.txt")) is flagged


@pytest.mark.parametrize("text,flagged", [
    ("It is never too late to ask questions about your options.", False),
    ("If the numbness spreads, don't wait: go to the emergency department.", False),
    ("Don't wait until the cartilage is gone.", True),
    ("Limited availability: we accept just four new shoulder patients a month.", True),
    ("Just four patients in the study needed a second injection.", False),
    ("Only during this month: the introductory price.", True),
])
def test_urgency_classes(text: str, flagged: bool) -> None:
    assert ("urgency-pressure" in categories(text, "t.txt")) is flagged


@pytest.mark.parametrize("text,flagged", [
    ("A money-back guarantee is something we do not offer.", False),
    ("Anyone who promises you'll be pain-free for good is overselling.", False),
    ("Success is assured with our cord-cell protocol.", True),
    ("Success is not assured; some patients feel no change.", False),
])
def test_guarantee_classes(text: str, flagged: bool) -> None:
    assert ("cure-or-guarantee" in categories(text, "t.txt")) is flagged


@pytest.mark.parametrize("text,flagged", [
    ("Our serum carries the seal of approval from the FDA.", True),
    ("The agency reviewed the file and the FDA signed off on our protocol.", True),
    ("The FDA has not signed off on any cord product for joint pain.", False),
    ("Thanks to enforcement discretion, no license is needed for our exosomes.", True),
    ("The FDA's enforcement discretion for these products ended in 2021.", False),
])
def test_fda_status_classes(text: str, flagged: bool) -> None:
    assert ("fda-status-misleading" in categories(text, "t.txt")) is flagged


@pytest.mark.parametrize("text,flagged", [
    ("Clients like Joanne are back on the dance floor within weeks.", True),
    ("She came in with a cane and left without it, two weeks after her PRP shot.", True),
    ("Virtually everyone who tries our BMAC says it changed their life.", True),
    ("A typical knee patient walks out pain-free.", True),
    ("Virtually everyone who visits gets a printed sheet of the risks.", False),
    ("Our patients are asked to stop ibuprofen a week before.", False),
])
def test_testimonial_classes(text: str, flagged: bool) -> None:
    assert ("testimonial-atypical" in categories(text, "t.txt")) is flagged


def test_results_vary_alone_is_not_a_typicality_disclosure() -> None:
    story = '"Six weeks after my BMAC shot I was hiking again." - Joan'
    assert "testimonial-atypical" in categories(f"{story} Individual results vary.\n", "t.txt")
    assert "testimonial-atypical" not in categories(
        f"{story} About half of our patients report less pain; many report little or no change.\n", "t.txt")
