"""The judge's checks on hand-made sentences, and how the pattern kind hands matches to it."""

from __future__ import annotations

import pytest

from mlint.api import lint_text
from mlint.detect.judge import Context, Judge
from mlint.detect.pattern import judge_for
from mlint.api import load_pack
from mlint.review.selection import Selection
from mlint.read.sentences import block_span, sentence_at

PACK = load_pack()
JUDGE: Judge = judge_for(PACK.vocab)


def context(text: str, target: str, head: str = "") -> Context:
    """The context of the first `target` in `text`; `head` marks a claim start inside the match."""
    start = text.index(target)
    end = start + len(target)
    anchor = text.index(head, start) if head else -1
    return Context(text, sentence_at(text, start, end), block_span(text, start, end), (start, end), anchor)


def holds(check: str, text: str, target: str, head: str = "") -> bool:
    return JUDGE.holds(check, context(text, target, head))


@pytest.mark.parametrize("text,target", [
    ("Physical therapy does not restore cartilage.", "restore cartilage"),
    ("None of these approaches regenerate the damaged cartilage.", "regenerate the damaged cartilage"),
    ("A cure is not possible today.", "cure"),
    ("Nobody can honestly guarantee a result.", "guarantee"),
    ("Exosome therapy does not yet have an established safety record.", "established safety record"),
    ("The body's own healing response is insufficient to restore it.", "restore it"),
])
def test_negated(text: str, target: str) -> None:
    assert holds("negated", text, target)


@pytest.mark.parametrize("text,target", [
    ("Unlike cortisone, which does not last, our cells restore cartilage.", "restore cartilage"),
    ("It does not hurt, and it restores the joint surface.", "restores the joint"),
    ("There is no longer any need to wait: our cells rebuild discs.", "rebuild discs"),
])
def test_negation_does_not_cross_clauses(text: str, target: str) -> None:
    assert not holds("negated", text, target)


def test_claim_head_lets_negation_inside_the_match_count() -> None:
    text = "Our injections do not eliminate arthritis pain."
    assert not holds("negated", text, "Our injections do not eliminate arthritis pain")
    assert holds("negated", text, "Our injections do not eliminate arthritis pain", head="eliminate")


def test_claim_head_finds_capability_inside_the_match() -> None:
    text = "Stem cells can reduce knee pain."
    assert holds("capability", text, "Stem cells can reduce knee pain", head="reduce")
    assert not holds("capability", text, "Stem cells can reduce knee pain")


@pytest.mark.parametrize("text", [
    "The FTC has sued clinics that claimed stem cells could cure arthritis.",
    "State attorneys general have accused some clinics of calling injections risk-free.",
    "UK advertising rules bar marketers from claiming a treatment can cure an illness.",
    "Be wary of any clinic that says its treatment is completely safe.",
])
def test_reported(text: str) -> None:
    assert holds("reported", text, text.split()[-2])


def test_own_claim_is_not_reported() -> None:
    assert not holds("reported", "Our clinic says the cells regrow cartilage.", "regrow cartilage")
    assert not holds("reported", "Our website promises the cells regrow cartilage.", "regrow cartilage")


def test_one_other_clinic_or_website_reported() -> None:
    """A single other clinic's or website's claim is reported as much as 'clinics that claim'."""
    text = "A rival provider's website says its cord cells are 'proven to rebuild hips.' They sent no data."
    assert holds("reported", text, "rebuild hips")


@pytest.mark.parametrize("text,expected", [
    ("Researchers are investigating whether cord cells can regenerate cartilage.", True),
    ("Scientists hope that stem cells might one day repair discs.", True),
    ("Whether PRP works better than cortisone is still debated.", True),
    ("Our stem cells regenerate cartilage.", False),
])
def test_speculative(text: str, expected: bool) -> None:
    assert holds("speculative", text, text.split()[-2]) is expected


@pytest.mark.parametrize("text,target,expected", [
    ("Surgery is usually faster than physical therapy.", "faster than", True),
    ("Rotator cuff repair surgery reattaches the torn tendon.", "repair surgery reattaches the torn tendon", True),
    ("Superior outcomes to arthroscopy, with less downtime.", "Superior outcomes to", False),
    ("Unlike surgery, our PRP restores the tendon.", "restores the tendon", False),
    ("Our physio team restored mobility in the shoulder.", "restored mobility", False),
])
def test_about_other(text: str, target: str, expected: bool) -> None:
    assert holds("about-other", text, target) is expected


def test_other_treatment_is_a_whole_word() -> None:
    # "rest" (an other treatment) must not match inside "restored", nor "non-surgical" count as surgery.
    assert not holds("about-other", "Your knees, restored.", "knees, restored")
    assert not holds("about-other", "The most effective non-surgical option.", "most effective")


@pytest.mark.parametrize("text", [
    "PRP beat saline in one trial [3].",
    "PRP beat steroid shots (Ahmed & Cole, J Shoulder Elbow Surg, 2017).",
    "PRP beat saline (Okafor et al., 2019).",
    "PRP beat saline in a registered trial (NCT01234567).",
])
def test_cited(text: str) -> None:
    assert holds("cited", text, "beat")


def test_untreated_is_not_fooled_by_words_containing_we() -> None:
    text = "Most people walk well within a week."
    assert holds("untreated", text, "walk well")
    assert not holds("untreated", "We treat knees. Most walk well within a week.", "walk well")


@pytest.mark.parametrize("text,expected", [
    ("Is PRP better than cortisone?", True),
    ('She asked: "Will it cure me?"', True),
    ("PRP is better than cortisone.", False),
])
def test_questioned(text: str, expected: bool) -> None:
    assert holds("questioned", text, "PRP" if "PRP" in text else "cure") is expected


def test_pattern_match_never_crosses_a_block() -> None:
    # "say goodbye to" ends one list item and "surgery" starts the next: no implied claim.
    text = "- Say goodbye to\n- surgery is one option we discuss\n"
    found = lint_text(text, "page.md", pack=PACK, selection=Selection(select=("MED106",))).findings
    assert found == []
    assert lint_text("Say goodbye to\nsurgery.", "page.txt", pack=PACK).findings


def test_hedge_softens_structural_claim_but_speculation_cancels_it() -> None:
    def severities(text: str) -> list[str]:
        result = lint_text(text, "x.txt", pack=PACK, selection=Selection(select=("efficacy-absolute",)))
        return [str(f.severity) for f in result.findings]

    assert severities("Our stem cells regenerate cartilage.") == ["error"]
    assert severities("Our stem cells can regenerate cartilage.") == ["warning"]
    assert severities("Researchers are testing whether stem cells can regenerate cartilage.") == []
    assert severities("PRP may help reduce pain in some patients; results vary.") == []
    assert severities("Our stem cells may regenerate cartilage.") == []  # the hedge is in the claim's clause
    assert severities("Our stem cells regenerate cartilage; the effect may fade.") == ["error"]  # not in its clause


# --- about-other: what is compared against, and what "the injection" refers to ---------------------------

@pytest.mark.parametrize("text,target,expected", [
    ("Why settle for cortisone when there is something far better?", "far better", False),
    ("Our cells work faster than surgery.", "faster than", False),
    ("Surgery works faster than physical therapy.", "faster than", True),
    ("Cortisone shots are common. The injection eases swelling for weeks.", "eases swelling", True),
    ("Our PRP is spun for 10 minutes. The injection eases swelling.", "eases swelling", False),
    ("Our PRP is one option. Cortisone is another. The injection eases swelling.", "eases swelling", True),
    ("The steroid injection eases swelling for weeks.", "eases swelling", True),
])
def test_about_other_reads_comparisons_and_antecedents(text: str, target: str, expected: bool) -> None:
    assert holds("about-other", text, target) is expected


def test_about_other_follows_the_last_named_treatment_in_the_paragraph() -> None:
    # The antecedent is the treatment named last before the sentence: here our PRP, after the steroid.
    text = "Unlike a steroid shot, PRP uses your own blood. The injection eases swelling."
    assert not holds("about-other", text, "eases swelling")


# --- questions that assert, negations after the match, reports of others' promises -----------------------

@pytest.mark.parametrize("text,expected", [
    ("Why settle for painkillers when our cells do more?", False),
    ("Who wouldn't want to walk without a cane?", False),
    ("Why do knees stiffen in the morning?", True),
])
def test_rhetorical_questions_are_not_questions(text: str, expected: bool) -> None:
    assert holds("questioned", text, text.split()[1]) is expected


@pytest.mark.parametrize("text,target", [
    ("A money-back guarantee is something we do not offer.", "money-back"),
    ("Guaranteed results are one thing no honest clinic can promise.", "Guaranteed"),
    ("A cure is not possible today.", "cure"),
])
def test_negation_after_the_match(text: str, target: str) -> None:
    assert holds("negated", text, target)


def test_negation_after_the_match_needs_the_negation() -> None:
    assert not holds("negated", "A money-back guarantee is something we offer every patient.", "money-back")


@pytest.mark.parametrize("text", [
    "Anyone who promises you'll be pain-free for good is overselling.",
    "A clinic that guarantees results deserves suspicion.",
    "Someone who tells you stem cells are risk-free is wrong.",
])
def test_reports_of_anyone_who_promises(text: str) -> None:
    assert holds("reported", text, text.split()[-2])


def test_united_states_is_not_a_regulator_stating() -> None:
    assert not holds("reported", "Our cells carry approval of the FDA in the United States.", "approval")


@pytest.mark.parametrize("text,expected", [
    ("If your leg goes numb, don't wait: go to the emergency department.", True),
    ("Signs of infection after the injection? Do not wait to call your doctor.", True),
    ("Don't wait: our spring prices end Friday.", False),
])
def test_safety_advice(text: str, expected: bool) -> None:
    assert holds("safety-advice", text, "wait") is expected


@pytest.mark.parametrize("text,expected", [
    ("Our PRP ends knee pain; results vary.", False),
    ("Our PRP ends knee pain. Individual results vary.", False),
    ("Our PRP may ease knee pain; results vary.", True),
    ("Knee pain eased in some trial participants.", True),
])
def test_a_disclaimer_is_not_a_hedge(text: str, expected: bool) -> None:
    assert holds("hedged", text, "knee pain" if "knee pain" in text else "Knee pain") is expected


def test_disclaimer_in_the_sentence_does_not_cancel_the_claim() -> None:
    found = lint_text("Our PRP eliminates knee pain; results vary.", "x.txt", pack=PACK).findings
    assert "efficacy-absolute" in {f.category for f in found}


# --- whose voice: critics, reporters, beliefs, questions, disavowals, myths -------------------------------

@pytest.mark.parametrize("text,target", [
    ("Critics argue that some clinics imply cord cells rebuild discs.", "rebuild discs"),
    ("A journalist asked the clinic whether it promised a cure; it said no.", "cure"),
    ("A consumer advocate told the hearing that clinics calling PRP 'totally harmless' mislead patients.",
     "totally harmless"),
    ("Some clinics run countdown timers on their booking pages.", "countdown"),
    ("Anyone promising a permanent fix is selling something.", "permanent fix"),
    ("Many patients arrive believing an injection will regrow their cartilage.", "regrow their cartilage"),
    ("A caller wants to know if exosomes are the most advanced option.", "most advanced"),
    ("We make no claim that our cord product is a 361 HCT/P.", "361 HCT/P"),
    ("We'd love to guarantee results, but honest medicine can't.", "guarantee"),
    ("Myth: stem cells regrow a meniscus in a week. Fact: the research is early.", "regrow a meniscus"),
    ("It's a common misconception that PRP regrows cartilage.", "regrows cartilage"),
])
def test_reported_voices(text: str, target: str) -> None:
    assert holds("reported", text, target)


@pytest.mark.parametrize("text,target", [
    ("Some clinics use cortisone, but our cells regrow cartilage.", "regrow cartilage"),
    ("Some clinics only offer steroids; we rebuild the joint itself.", "rebuild the joint"),
    ("Many people believe surgery is the only option, but our cells rebuild discs.", "rebuild discs"),
    ("Myth: PRP is risky - Fact: it is completely safe.", "completely safe"),
    ("Myth: surgery is your only option. Fact: our cells rebuild the joint.", "rebuild the joint"),
])
def test_own_voice_after_reported_speech_is_not_reported(text: str, target: str) -> None:
    assert not holds("reported", text, target)


# --- how far a negation and an open question reach ---------------------------------------------------------

@pytest.mark.parametrize("text,target", [
    ("None of the stem cell, exosome or amniotic products we use is FDA approved.", "FDA approved"),
    ("Neither the PRP, the BMAC nor the exosome shots we offer are approved by the FDA.", "approved by the FDA"),
    ("We never use cord cells, exosomes or other donor products to regenerate discs.", "regenerate discs"),
])
def test_a_negation_governs_a_list(text: str, target: str) -> None:
    assert holds("negated", text, target)


def test_a_comma_before_a_new_clause_is_not_a_list_comma() -> None:
    assert not holds("negated", "It doesn't hurt, it heals cartilage and tendons.", "heals cartilage")


@pytest.mark.parametrize("text,target,expected", [
    ("Whether our cells rebuild the ligament is not known.", "rebuild the ligament", True),
    ("Whether it's an old ski injury or years of wear, our cells rebuild the ligament.", "rebuild the ligament", False),
    ("Our cells rebuild ligaments, whether you are 30 or 70.", "rebuild ligaments", False),
])
def test_whether_governs_only_its_own_clause(text: str, target: str, expected: bool) -> None:
    assert holds("speculative", text, target) is expected


@pytest.mark.parametrize("text,expected", [
    ("We're fully booked this week, but there are plenty of appointments next month.", True),
    ("Fully booked this week, though next month is wide open.", True),
    ("Fully booked this week - grab a spot next week before it fills.", False),
])
def test_unhurried(text: str, expected: bool) -> None:
    target = "fully booked" if "fully booked" in text else "Fully booked"
    assert holds("unhurried", text, target) is expected


@pytest.mark.parametrize("text,target,expected", [
    ("Earlier work found the peptide speeds tendon healing in rat studies(4).", "speeds", True),
    ("In the Okonkwo knee study showed steady gains after three injections.", "gains", True),
    ("The Danish Health Technology Assessment states shockwave beat NSAIDs for heel pain.", "beat", True),
    ("Shockwave beat NSAIDs for heel pain in every patient.4", "beat", True),
    ("Stem cell study showed our PRP heals arthritis.", "heals", False),
    ("Our clinic is the region's No.1 aesthetic clinic", "clinic", False),
])
def test_citation_markers_and_named_studies(text: str, target: str, expected: bool) -> None:
    assert holds("cited", text, target) is expected


def test_a_year_before_the_journal_is_a_citation() -> None:
    text = "A 2019 randomized trial in the American Journal of Sports Medicine found 58% improved."
    assert holds("cited", text, "58%")
    assert not holds("cited", "In 2019 our team found 58% improved.", "58%")


@pytest.mark.parametrize("text,expected", [
    ("Its cord product is in an FDA-authorized trial and is not approved for any use.", True),
    ("The only FDA-approved cord blood products are for blood disorders.", True),
    ("The only FDA-approved regenerative therapy for discs in the state.", False),
    ("The only FDA-approved regenerative therapy for discs in the state is ours.", False),
    ("The only cord-blood products that are FDA-approved treat disorders of the blood.", True),
    ("The pulse device is FDA-cleared for temporary relief of aches; it is not cleared to treat neuropathy.", True),
    ("Marrow transplants are FDA-approved for some leukemias, but not for back pain.", True),
])
def test_fda_qualified_statements(text: str, expected: bool) -> None:
    assert holds("fda-qualified", text, "FDA-") is expected


@pytest.mark.parametrize("text,expected", [
    ("Most exosome products are regulated by the FDA as drugs.", True),
    ("All our exosome products are regulated by the FDA.", False),
])
def test_what_the_fda_regulates_in_general_is_qualified(text: str, expected: bool) -> None:
    assert holds("fda-qualified", text, "regulated by the FDA") is expected


# --- new voices: press releases, podcasts, text messages, non-native English ------------------------------

@pytest.mark.parametrize("text,expected", [
    ("FOR IMMEDIATE RELEASE - Apex Regenerative today unveiled a cord-cell protocol that regrows worn hip cartilage.",
     {"efficacy-absolute"}),
    ("FOR IMMEDIATE RELEASE - Apex today announced enrolment in a registered trial (NCT04567890) of its cord-cell "
     "product, which is investigational and not FDA-approved.", set()),
    ("GUEST: Honestly, our exosome shots blow cortisone out of the water.", {"superiority-unsupported"}),
    ("HOST: A caller wants to know if stem cells are safe for someone on blood thinners.", set()),
    ("GUEST: A lot of listeners believe cord blood heals any joint. It doesn't, and I tell them so.", set()),
    ("GUEST: We see it every week: patients walk in on crutches and jog out a month later.",
     {"testimonial-atypical"}),
    ("Hi Maria, reminder: PRP tmrw 9am. Ur knee will be brand new by summer!! \U0001F389", {"efficacy-absolute"}),
    ("Hi Lee, we have a cancellation Thu 3pm if you'd like it. No rush, plenty of other times too.", set()),
    ("FLASH SALE \U0001F525 Only 2 hrs left for 40% off BMAC. Txt BOOK now", {"urgency-pressure"}),
    ("This offer won't last \U0001F525 Book your PRP today", {"urgency-pressure"}),
    ("Stem cell is very power, it fix the knee bone and cartilage 100 percent.", {"efficacy-absolute"}),
    ("Our treatment is more better than surgery and no have any risk.",
     {"superiority-unsupported", "safety-overclaim"}),
    ("After injection the pain go away and never come again.", {"efficacy-absolute", "cure-or-guarantee"}),
    ("This injection make the cartilage grow again like when you are young.", {"efficacy-absolute"}),
    ("Doctor say the cells maybe help little bit for some people, not for everybody.", set()),
    ("This product is not approve by FDA, it is still in research.", set()),
    ("Your own fat cells simply can't hurt you.", {"safety-overclaim"}),
    ("The needle may hurt for a moment, and the site can stay sore for two days.", set()),
    ("Five of every six backs we treat stay surgery-free.", {"testimonial-atypical", "statistic-unsourced",
                                                             "superiority-unsupported"}),
    ("Nothing at the pharmacy stacks up against a single cord-blood infusion.", {"superiority-unsupported"}),
    ("I no longer limp up the stairs since my second exosome session!", {"testimonial-atypical"}),
    ("Cancel up to 24 hours ahead for a full refund.", set()),
    ("Our results guarantee: feel better in 30 days or a full refund.", {"cure-or-guarantee"}),
    ("Our orthobiologic program is the smartest way to skip a knee replacement.",
     {"superiority-unsupported", "efficacy-absolute"}),
    ("\"My shoulder works like it did in my twenties.\" - Greg, 61, after exosome therapy",
     {"testimonial-atypical", "efficacy-absolute"}),
    ("Greg, 61, asked us whether exosome therapy could help his shoulder; we referred him to a surgeon.", set()),
    ("Our cord cells restore torn tendons, whether you run marathons or walk the dog.", {"efficacy-absolute"}),
    ("Our spring calendar is full, though next month is wide open.", set()),
    ("We don't do countdown timers or 'last chance' deals. Book when you're ready.", set()),
])
def test_new_voices(text: str, expected: set[str]) -> None:
    found = {f.category for f in lint_text(text, "x.txt", pack=PACK).findings}
    assert found - {"missing-disclaimer", "missing-fda-disclosure"} == expected


@pytest.mark.parametrize("text,target,expected", [
    ("Our pricing guarantee: the quote is what you pay.", "guarantee", True),
    ("We guarantee you'll see a specialist within a week.", "guarantee", True),
    ("We guarantee you will walk better in a month.", "guarantee", False),
    ("Satisfaction guaranteed on every cord-cell series.", "guaranteed", False),
    ("Each home laser cap ships with a 60-day money-back guarantee.", "guarantee", True),
    ("Feel the difference or your money back.", "money back", False),
])
def test_no_result(text: str, target: str, expected: bool) -> None:
    assert holds("no-result", text, target) is expected


def test_fda_qualifier_for_a_device_reaches_the_next_sentence_only() -> None:
    text = "We use an FDA-cleared centrifuge. The injection is not FDA approved for joint pain. Book today."
    assert holds("fda-qualified", text, "FDA-cleared")
    later = "We use an FDA-cleared centrifuge. Book today. The injection is not FDA approved for joint pain."
    assert not holds("fda-qualified", later, "FDA-cleared")
    treatment = "Our PRP is FDA-cleared. The kit is not FDA approved for joint pain."
    assert not holds("fda-qualified", treatment, "FDA-cleared")


def test_avoided_treatment_is_not_the_subject() -> None:
    assert not holds("about-other", "You'll never need a hip replacement.", "never")
    assert holds("about-other", "A hip replacement usually lasts for life.", "for life")


def test_nothing_else_is_a_comparison_not_a_negation() -> None:
    assert not holds("negated", "Nothing else mends a torn labrum for life.", "for life")
    assert holds("negated", "Nothing mends a torn labrum for life.", "for life")


@pytest.mark.parametrize("text,target,expected", [
    ("Our PRP may ease knee pain.", "ease knee pain", True),
    ("Studies show the drip may lift energy.", "Studies show the drip", True),
    ("Our PRP heals tendons; results may vary.", "heals tendons", False),
    ("Our PRP heals tendons, and it may ease pain too.", "heals tendons", False),
])
def test_hedged_clause_reads_only_the_claim_s_clause(text: str, target: str, expected: bool) -> None:
    assert holds("hedged-clause", text, target) is expected


@pytest.mark.parametrize("text,target,expected", [
    ("PRP is not risk-free.", "risk-free", True),
    ("No medical procedure is completely safe.", "completely safe", True),
    ("Using your own cells does not make it risk-free.", "risk-free", True),
    ("There is no recovery time as there is no damage to the skin.", "no damage", False),
    ("No downtime, no side effects.", "no side effects", False),
])
def test_negated_near_lets_negative_claims_stand(text: str, target: str, expected: bool) -> None:
    assert holds("negated-near", text, target) is expected


@pytest.mark.parametrize("check,text,target,expected", [
    ("logistics", "Fees vary, but $2,000 per treatment for knee arthritis is typical.", "treatment for knee arthritis",
     True),
    ("logistics", "Our treatment for knee arthritis rebuilds the joint.", "treatment for knee arthritis", False),
    ("purchase", "The purchase of the starter kit is 100% risk free.", "risk free", True),
    ("purchase", "The injection is 100% risk free.", "risk free", False),
    ("satisfaction", "If you are not happy with our booking service, we refund the deposit.", "refund", True),
    ("satisfaction", "If your pain is not gone in a month, we refund you.", "refund", False),
])
def test_context_checks_for_logistics_purchases_and_service_refunds(check, text, target, expected) -> None:
    assert holds(check, text, target) is expected


@pytest.mark.parametrize("text,target", [
    ("The ASA considered the ad implied the product was safe.", "safe"),
    ("The product is safe and effective, states the brand's website.", "safe and effective"),
    ("Marketers should not state or imply that a procedure is permanent.", "permanent"),
    ("She says it cured her back pain.", "cured"),
])
def test_regulators_guidance_and_trailing_agents_are_reported(text: str, target: str) -> None:
    assert holds("reported", text, target)


@pytest.mark.parametrize("text,target,expected", [
    ("If your hair has not regrown after 15 months, we refund you.", "regrown", True),
    ("If you have knee pain, our PRP heals it.", "heals", False),
    ("Unless the cartilage is restored, the knee keeps aching.", "restored", True),
])
def test_conditional_reads_the_claim_s_own_clause(text: str, target: str, expected: bool) -> None:
    assert holds("conditional", text, target) is expected


@pytest.mark.parametrize("text,target,expected", [
    ("There is no good evidence that these peptide shots heal torn tendons faster than rest.", "heal", True),
    ("Published trials do not support the use of ozone injections to treat disc disease.", "treat", True),
    ("The spinal cord has only a limited capacity to regrow lost nerve fibres.", "regrow", True),
    ("Our peptide shots heal torn tendons, and the evidence is growing.", "heal", False),
])
def test_a_denial_governs_its_whole_clause(text: str, target: str, expected: bool) -> None:
    assert holds("negated", text, target) is expected


def test_a_denial_governs_negative_claims_too() -> None:
    text = "There is no evidence that these creams have fewer side effects than the standard ones."
    assert holds("negated-near", text, "fewer side effects")
    assert not holds("negated-near", "These creams have fewer side effects than the standard ones.", "fewer side effects")


@pytest.mark.parametrize("text,target,expected", [
    ("Many patients don't realise that our cold laser treats neuropathy.", "treats", False),
    ("Few people are aware that our PRP heals tendons.", "heals", False),
    ("Our cold laser does not treat neuropathy.", "treat", True),
])
def test_not_knowing_a_claim_does_not_negate_it(text: str, target: str, expected: bool) -> None:
    assert holds("negated", text, target) is expected


@pytest.mark.parametrize("text,target", [
    ("It is illegal under state law to advertise that a supplement can cure arthritis.", "cure"),
    ("In a recent warning letter, the agency told the firm its cord product is an unapproved drug.", "unapproved"),
    ("Patients should ask whether the product has FDA approval before any injection.", "FDA approval"),
    ("The agency notified the company that its exosome product needs a license.", "license"),
])
def test_legal_and_advisory_voices_are_reported(text: str, target: str) -> None:
    assert holds("reported", text, target)


def test_a_drug_free_treatment_is_not_about_drugs() -> None:
    assert not holds("about-other", "Zentra is a drug-free therapy that relieves nerve pain.", "relieves nerve pain")
    assert holds("about-other", "Steroid shots relieve nerve pain for a few weeks.", "relieve nerve pain")


@pytest.mark.parametrize("text", [
    "Today there are no exosome products approved by the FDA for knee pain.",
    "Pressure chambers are medical devices subject to FDA clearance.",
])
def test_more_honest_fda_statements(text: str) -> None:
    assert holds("fda-qualified", text, "FDA")


@pytest.mark.parametrize("text,target", [
    ("Most flare-ups settle within weeks,3,8,9 though 20% of people relapse within a year.", "20%"),
    ("Of those treated, 61% (11/18) reported less pain at one month.", "61%"),
    ("Forty adults were enrolled in the trial and 55% improved.", "55%"),
])
def test_study_reporting_marks_are_citations(text: str, target: str) -> None:
    assert holds("cited", text, target)


@pytest.mark.parametrize("text,target", [
    ("Some doctors are pushing these shots as cure-all remedies.", "cure-all"),
    ("Stem cell clinics have sprung up everywhere, touting near-perfect success.", "success"),
    ("A chain selling vitamin drips promoted to prevent the flu drew a warning.", "prevent"),
    ("The Complaints Board noted that no evidence supported the therapeutic claims.", "therapeutic"),
    ("According to Health Canada, every cell therapy is regulated as a drug.", "regulated"),
])
def test_more_third_party_voices_are_reported(text: str, target: str) -> None:
    assert holds("reported", text, target)


def test_the_reader_s_own_doctor_is_another_treatment() -> None:
    text = "Your doctor will look for the cause and may find treatments that ease your symptoms."
    assert holds("about-other", text, "ease your symptoms")


def test_a_disclaimer_that_makes_no_guarantees_is_no_guarantee() -> None:
    found = {f.code for f in lint_text("Disclaimer: we make no assurances, promises or guarantees as to results.",
                                       "x.txt", pack=PACK).findings}
    assert "MED203" not in found


@pytest.mark.parametrize("text,target", [
    ("I wouldn't call any of these shots 'completely safe' yet.", "completely safe"),
    ("Hot take: 'the best PRP in Ohio' is a marketing line.", "the best"),
])
def test_a_quoted_claim_disowned_or_called_marketing_is_not_claimed(text: str, target: str) -> None:
    assert holds("reported", text, target)
