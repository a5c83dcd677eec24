"""What the person reads: advice wording, their own words, sources, and traceability.

The traceability test splits every rendered message into sentences and requires
each one to be a sentence of some knowledge item, or one of the small explicit
framing patterns below (headings, the user's quoted words, item labels).
"""
from __future__ import annotations

import json
import re
from typing import Dict, List, Set, Tuple

import pytest

from twitch_knowledge import knowledge, render
from twitch_knowledge.facts import Facts
from twitch_knowledge.triage import assess

NOT_A_DIAGNOSIS = "This is general information, not a diagnosis."
ARTICLE_TITLES = (knowledge.OVERVIEW_TITLE, knowledge.MS_ARTICLE_TITLE)
REASSURANCE = ("nothing to worry about", "harmless", "benign", "no need to", "don't worry", "not a serious")
TRIAGE_WORDING = {
    "self_care": "look after yourself at home and watch for changes",
    "see_doctor": "book an appointment with your doctor",
    "see_doctor_soon": "see a doctor within the next few days",
    "emergency": "call emergency services now",
}

# ---------------------------------------------------------------- traceability helper
QUOTED = re.compile(r'"[^"]*"')
LABELS = {item.label for item in knowledge.items() if item.label}
FRAMING = [
    re.compile(p)
    for p in (
        r"Here is what I understood\.",
        r"Before you go, from what you told me so far:",
        r"It looks like (?P<label>.+)\.",
        r"You described: Q(, Q)*\.",
        r"Other symptoms you mentioned: Q(, Q)*\.",
        r"(?P<label>.+), in your words: Q(, Q)*\.",
        r"(?P<label>[^.]+)\.",
        r"(What to do|Signs that need attention|What can play a part|Because you have MS"
        r"|Signs that would change this advice|Things that may help):",
        re.escape(NOT_A_DIAGNOSIS),
    )
]


def split_sentences(text: str) -> List[str]:
    """Sentences of a message: per line, without bullets, with quoted user words masked as Q."""
    sentences: List[str] = []
    for line in text.splitlines():
        line = QUOTED.sub("Q", line.strip())
        if line.startswith("- "):
            line = line[2:]
        sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", line) if s)
    return sentences


ITEM_SENTENCES: Set[str] = {s for item in knowledge.items() for s in split_sentences(item.text)}


def is_framing(sentence: str) -> bool:
    for pattern in FRAMING:
        match = pattern.fullmatch(sentence)
        if match and ("label" not in match.groupdict() or match.group("label") in LABELS):
            return True
    return False


def body_and_sources(text: str) -> Tuple[str, List[str]]:
    body, _, sources = text.partition("\nSources:\n")
    return body, [line for line in sources.splitlines() if line]


def untraceable(text: str) -> List[str]:
    """Sentences backed neither by a knowledge item nor by a framing pattern."""
    body, source_lines = body_and_sources(text)
    allowed_sources: Dict[str, Set[str]] = {}
    for item in knowledge.items():
        allowed_sources.setdefault(item.source.citation, set()).add(item.source.section)
    bad = [s for s in split_sentences(body) if s not in ITEM_SENTENCES and not is_framing(s)]
    for line in source_lines:
        citation, _, sections = line[2:].partition(" — ")
        if not line.startswith("- ") or not set(sections.split("; ")) <= allowed_sources.get(citation, set()):
            bad.append(line)
    return bad


def test_traceability_helper_catches_an_invented_health_claim() -> None:
    text = render.assessment_text(assess(Facts(locations=["calf"])), Facts(locations=["calf"]))
    assert untraceable(text) == []
    assert untraceable(text.replace("Here is what I understood.", "Magnesium pills cure twitching.")) != []
    assert untraceable(text + "\n- Twitching is a sign of MS.") != []
    assert untraceable(text.replace("What to do:", "Weakness is fine.")) != []


# ---------------------------------------------------------------- cases
W = {"weakness": "absent"}
CASES: Dict[str, Facts] = {
    "calf_flicker_coffee": Facts(
        locations=["left calf"], movements=["flicker"], onset="for a week", onset_days=7,
        frequency="a few times a day", frequency_code="occasional", duration="seconds",
        symptoms=dict(W), triggers=["caffeine"], evidence={"flicker": ["flickering"]},
    ),
    "eyelid_stress_no_weakness_asked": Facts(
        locations=["eyelid"], movements=["flicker"], triggers=["stress_anxiety"]
    ),
    "cramp_after_gym": Facts(
        movements=["cramp"], symptoms=dict(W), triggers=["exercise"], evidence={"cramp": ["charley horse"]}
    ),
    "months_of_twitching": Facts(
        locations=["thighs"], movements=["flicker"], onset="for 4 months", onset_days=120, symptoms=dict(W)
    ),
    "constant_with_cramps": Facts(
        locations=["calves"], movements=["flicker"], frequency="all the time", frequency_code="constant",
        symptoms={"weakness": "absent", "cramps": "present"}, evidence={"cramps": ["cramps at night"]},
    ),
    "not_sure_about_weakness": Facts(locations=["right arm"], movements=["flicker"], symptoms={"weakness": "unknown"}),
    "numbness_and_medication": Facts(
        locations=["hand"], symptoms={"weakness": "absent", "numbness_tingling": "present"}, triggers=["medication"]
    ),
    "nothing_known": Facts(),
    "ms_flicker": Facts(locations=["thigh"], movements=["flicker"], symptoms=dict(W), conditions=["ms"]),
    "ms_stiff_legs": Facts(
        locations=["legs"], movements=["stiffness"], conditions=["ms"], evidence={"stiffness": ["my legs go stiff"]}
    ),
    "weak_grip": Facts(
        locations=["right hand"], movements=["flicker"], symptoms={"difficulty_gripping": "present"},
        triggers=["caffeine"], evidence={"difficulty_gripping": ["my grip is weaker"], "flicker": ["twitching"]},
    ),
    "tongue_and_slurred_speech": Facts(
        locations=["tongue"], symptoms={"slurred_speech": "present"},
        evidence={"slurred_speech": ["words come out slurred"]},
    ),
    "wasting_for_months": Facts(
        locations=["thumb"], movements=["flicker"], onset="since last year", onset_days=300,
        symptoms={"muscle_wasting": "present"}, evidence={"muscle_wasting": ["the muscle looks smaller"]},
    ),
    "ankle_clonus": Facts(
        locations=["ankle"], movements=["rhythmic_jerking"], conditions=["stroke"],
        evidence={"rhythmic_jerking": ["my ankle keeps shaking"]},
    ),
    "emergency_face": Facts(
        locations=["calf"], movements=["flicker"], emergency_signs=["speech_or_face"],
        symptoms={"weakness": "present"}, evidence={"speech_or_face": ["my face is drooping"]},
    ),
}
CONCERNING = [name for name, facts in CASES.items() if assess(facts).triage in ("see_doctor_soon", "emergency")]


def rendered(name: str) -> str:
    facts = CASES[name]
    return render.assessment_text(assess(facts), facts)


def test_cases_cover_every_level_and_type() -> None:
    results = [assess(f) for f in CASES.values()]
    assert {r.triage for r in results} == set(TRIAGE_WORDING)
    assert {r.twitch_type for r in results} == {"fasciculation", "spasticity", "clonus", "cramp", "unclear"}


@pytest.mark.parametrize("name", CASES)
def test_every_sentence_is_traceable(name: str) -> None:
    assert untraceable(rendered(name)) == []


@pytest.mark.parametrize("name", CASES)
def test_text_says_not_a_diagnosis_and_names_a_source(name: str) -> None:
    text = rendered(name)
    assert NOT_A_DIAGNOSIS in text
    _, sources = body_and_sources(text)
    assert any(title in line for line in sources for title in ARTICLE_TITLES)


@pytest.mark.parametrize("name", CASES)
def test_text_gives_the_triage_advice(name: str) -> None:
    level = assess(CASES[name]).triage
    assert TRIAGE_WORDING[level] in rendered(name).lower()
    for other, wording in TRIAGE_WORDING.items():
        if other != level and other != "emergency":
            assert wording not in rendered(name).lower()


@pytest.mark.parametrize("name", CONCERNING)
def test_concerning_text_never_reassures(name: str) -> None:
    body, _ = body_and_sources(rendered(name))
    for phrase in REASSURANCE:
        assert phrase not in body.lower(), phrase


@pytest.mark.parametrize("name", [n for n in CASES if assess(CASES[n]).triage != "self_care"])
def test_doctor_advice_never_says_nothing_to_worry_about(name: str) -> None:
    assert "nothing to worry about" not in rendered(name).lower()


@pytest.mark.parametrize("name", CASES)
def test_red_flags_quote_the_users_words(name: str) -> None:
    facts = CASES[name]
    text = rendered(name)
    for flag in assess(facts).red_flags:
        for words in flag.evidence:
            assert f'"{words}"' in text


def test_text_is_reasonably_short() -> None:
    for name in CASES:
        assert len(rendered(name)) < 3000, name


def test_self_care_text_has_tips_and_the_signs_that_would_change_it() -> None:
    text = rendered("calf_flicker_coffee")
    assert "It looks like fasciculation" in text
    assert '"flickering", "left calf"' in text
    assert "Get enough sleep." in text and "Avoid caffeine." in text
    assert knowledge.get("change_signs").text in text
    assert "Signs that need attention" not in text


@pytest.mark.parametrize("name", [n for n in CASES if assess(CASES[n]).triage != "self_care"])
def test_tips_only_for_self_care(name: str) -> None:
    assert "Things that may help" not in rendered(name)


def test_denied_weakness_is_not_shown_as_a_warning() -> None:
    text = rendered("months_of_twitching")
    assert "- Weakness" not in text
    assert "Going on for months, or constant, in your words: \"for 4 months\"." in text


def test_unknown_weakness_explains_that_strength_can_be_checked() -> None:
    text = rendered("not_sure_about_weakness")
    assert knowledge.get("reason_weakness_unknown").text in text


def test_see_doctor_soon_text_names_emergency_signs_to_watch() -> None:
    assert knowledge.get("emergency_watch").text in rendered("weak_grip")


def test_fasciculation_with_cramps_explains_both() -> None:
    text = rendered("constant_with_cramps")
    assert knowledge.get("type_fasciculation").text in text
    assert knowledge.get("type_cramp").text in text


def test_cramps_described_with_twitches_explain_both() -> None:
    facts = Facts(locations=["calves"], movements=["cramp", "flicker"], frequency_code="frequent",
                  symptoms={"weakness": "absent"},
                  evidence={"cramp": ["charley horses"], "flicker": ["twitch"]})
    result = assess(facts)
    text = render.assessment_text(result, facts)
    assert result.twitch_type == "cramp"
    assert knowledge.get("type_cramp").text in text
    assert knowledge.get("type_fasciculation").text in text
    assert text.index(knowledge.get("type_cramp").text) < text.index(knowledge.get("type_fasciculation").text)


@pytest.mark.parametrize("name", ["ms_flicker", "ms_stiff_legs"])
def test_ms_context_separates_typical_signs_from_fasciculations(name: str) -> None:
    text = rendered(name)
    assert "Because you have MS:" in text
    assert knowledge.get("ms_context_typical").text in text
    assert "sorting out the reason with your healthcare provider" in text


def test_no_ms_section_without_ms() -> None:
    assert "Because you have MS" not in rendered("weak_grip")


# ---------------------------------------------------------------- emergency
SIGNS = [("speech_or_face", "my face is drooping"), ("breathing", "I can't breathe properly")]


def test_emergency_text_leads_with_the_call() -> None:
    text = render.emergency_text(SIGNS)
    assert text.startswith("Call emergency services now.")
    assert '"my face is drooping"' in text and '"I can\'t breathe properly"' in text
    assert knowledge.SAFETY_TITLE in text and NOT_A_DIAGNOSIS in text
    assert untraceable(text) == []


def test_emergency_payload_has_the_assessment_shape() -> None:
    previous = Facts(locations=["calf"], symptoms={"weakness": "absent"})
    payload = render.emergency_payload(SIGNS, previous)
    assert payload["triage"] == "emergency"
    assert set(payload) == set(render.assessment_payload(assess(previous), previous))
    assert payload["red_flags"][0]["code"] == "emergency_signs"
    assert payload["red_flags"][0]["evidence"] == ["my face is drooping", "I can't breathe properly"]
    assert payload["facts"]["location"] == "calf"
    assert previous.emergency_signs == []  # the caller's facts are not changed


# ---------------------------------------------------------------- payload
@pytest.mark.parametrize("name", CASES)
def test_payload_shape(name: str) -> None:
    facts = CASES[name]
    assessment = assess(facts)
    payload = render.assessment_payload(assessment, facts)
    json.dumps(payload)
    assert set(payload) == {
        "type", "twitch_type", "triage", "red_flags", "possible_causes", "facts", "sources", "summary",
        "triage_label", "next_steps", "twitch_type_label", "twitch_type_text", "not_a_diagnosis",
    }
    # widget wording comes from the knowledge base too
    assert payload["next_steps"] and all(step in ITEM_TEXTS for step in payload["next_steps"])
    assert payload["twitch_type_text"] in ITEM_TEXTS
    assert payload["type"] == "twitch_assessment"
    assert (payload["twitch_type"], payload["triage"]) == (assessment.twitch_type, assessment.triage)
    for flag in payload["red_flags"]:
        assert set(flag) == {"code", "evidence", "explanation"}
        assert flag["explanation"] in ITEM_TEXTS
    for cause in payload["possible_causes"]:
        assert set(cause) == {"id", "text", "source"}
        assert cause["text"] == knowledge.get(cause["id"]).text
        assert set(cause["source"]) == {"title", "section"}
    assert set(payload["facts"]) == {
        "location", "onset", "frequency", "duration", "symptoms_present", "symptoms_absent", "triggers", "conditions",
        "unrecognised_symptoms",
    }
    sources = [(s["title"], s["section"]) for s in payload["sources"]]
    assert len(sources) == len(set(sources))
    for cause in payload["possible_causes"]:
        assert (cause["source"]["title"], cause["source"]["section"]) in sources
    assert payload["summary"] == render.summary_text(assessment, facts)


ITEM_TEXTS = {item.text for item in knowledge.items()}


def test_payload_facts_use_the_users_words() -> None:
    payload = render.assessment_payload(assess(CASES["calf_flicker_coffee"]), CASES["calf_flicker_coffee"])
    assert payload["facts"]["location"] == "left calf"
    assert payload["facts"]["onset"] == "for a week"
    assert payload["facts"]["symptoms_absent"] == ["weakness"]
    assert payload["facts"]["triggers"] == ["caffeine"]


# ---------------------------------------------------------------- visit summary
def test_summary_answers_the_providers_questions() -> None:
    facts = CASES["weak_grip"]
    facts = Facts.from_dict({**facts.to_dict(), "onset": "two weeks ago", "frequency": "hourly",
                             "symptoms": {"difficulty_gripping": "present", "cramps": "absent"}})
    summary = render.summary_text(assess(facts), facts)
    for expected in (
        "When it started: two weeks ago",
        "Where: right hand",
        "How often: hourly",
        "How long each twitch lasts: not known",
        "Other symptoms: difficulty gripping; not present: cramps",
        "Possible triggers: caffeine",
        "Known conditions: none mentioned",
        "Advice given: see a doctor within the next few days",
        'Weakness ("my grip is weaker")',
    ):
        assert expected in summary


def test_summary_lists_conditions_and_reasons_without_red_flags() -> None:
    facts = CASES["ms_flicker"]
    summary = render.summary_text(assess(facts), facts)
    assert "Known conditions: MS" in summary
    assert "A known medical condition" in summary
    assert "Other symptoms: none; not present: weakness" in summary


# ---------------------------------------------------------------- FAQ answers and stop note
def test_faq_answer_names_its_source() -> None:
    answer = render.faq_answer("is_it_als")
    assert answer is not None
    assert knowledge.get("als_vs_benign").text in answer
    assert knowledge.MS_ARTICLE_TITLE in answer
    assert render.faq_answer("not_a_key") is None


def test_stop_note_only_when_a_doctor_is_advised() -> None:
    calm = CASES["calf_flicker_coffee"]
    assert render.stop_note(assess(calm), calm) is None
    worried = CASES["weak_grip"]
    note = render.stop_note(assess(worried), worried)
    assert note is not None
    assert '"my grip is weaker"' in note and "see a doctor within the next few days" in note.lower()
    assert untraceable(note) == []


# ---------------------------------------------------------------- issue 14: new fact fields and codes
from twitch_knowledge.triage import Assessment  # noqa: E402

HEADACHE = Facts(locations=["calf"], movements=["flicker"], onset="a week", onset_days=7,
                 symptoms={"weakness": "absent"}, other_symptoms_answered=True,
                 unrecognised_symptoms=["a bit of a headache", "my ears ring"])


def test_unrecognised_symptoms_are_quoted_in_the_text_payload_and_summary() -> None:
    assessment = assess(HEADACHE)
    text = render.assessment_text(assessment, HEADACHE)
    assert 'Other symptoms you mentioned: "a bit of a headache", "my ears ring".' in text
    assert untraceable(text) == []
    payload = render.assessment_payload(assessment, HEADACHE)
    assert payload["facts"]["unrecognised_symptoms"] == ["a bit of a headache", "my ears ring"]
    summary = render.summary_text(assessment, HEADACHE)
    assert 'Other symptoms: "a bit of a headache", "my ears ring"; not present: weakness' in summary


def test_the_unrecognised_symptoms_reason_is_rendered_with_its_source() -> None:
    assessment = Assessment(twitch_type="fasciculation", triage="see_doctor",
                            reasons=["reason_unrecognised_symptoms"])
    text = render.assessment_text(assessment, HEADACHE)
    assert knowledge.get("reason_unrecognised_symptoms").text in text
    assert "Frequently Asked Questions" in text
    assert "Other symptoms in your words" in render.summary_text(assessment, HEADACHE)
    assert untraceable(text) == []


def test_history_is_in_the_visit_summary_only() -> None:
    facts = Facts(locations=["thumb"], movements=["flicker"],
                  history=["years ago i had bad weakness in my leg", "my dad had a stroke last year"])
    assessment = assess(facts)
    summary = render.summary_text(assessment, facts)
    assert ('- Mentioned, not counted: "years ago i had bad weakness in my leg", '
            '"my dad had a stroke last year"') in summary
    text = render.assessment_text(assessment, facts)
    assert "years ago" not in text and "Mentioned, not counted" not in text
    assert "Mentioned, not counted" not in render.summary_text(assess(CASES["weak_grip"]), CASES["weak_grip"])


@pytest.mark.parametrize("code, label", [
    ("vision_changes", "changes in vision"),
    ("balance_coordination", "balance or coordination problems"),
    ("confusion", "confusion"),
])
def test_new_symptom_codes_have_readable_labels(code: str, label: str) -> None:
    from twitch_knowledge.vocabulary import readable
    assert render.code_label(code) == label == readable(code)
    facts = Facts(locations=["calf"], movements=["flicker"], symptoms={code: "present"})
    assert f"Other symptoms: {label}" in render.summary_text(assess(facts), facts)


def test_a_collapse_gets_the_emergency_reply_with_the_persons_words() -> None:
    words = "he didn't respond and now he's confused"
    text = render.emergency_text([("collapse_unresponsive", words)])
    assert text.startswith("Call emergency services now.")
    assert f'"{words}"' in text
    assert knowledge.get("emergency_collapse_unresponsive").text in text
    assert untraceable(text) == []
    payload = render.emergency_payload([("collapse_unresponsive", words)])
    assert payload["triage"] == "emergency"
    assert "Emergency signs: Passing out, not responding, or confusion after jerking" in payload["summary"]


def test_a_failed_emergency_check_fails_toward_the_emergency_reply() -> None:
    text = render.emergency_text([("detection_error", "whatever the person wrote")])
    assert text.startswith("Call emergency services now.")
    assert knowledge.get("emergency_detection_error").text in text
    assert knowledge.get("emergency_watch").text in text  # the signs to act on
    assert "whatever the person wrote" not in text  # an error is not the person's words
    assert untraceable(text) == []


def test_every_emergency_code_has_an_item() -> None:
    from twitch_knowledge.facts import EMERGENCY_SIGNS
    for code in EMERGENCY_SIGNS:
        text = render.emergency_text([(code, "words")])
        assert knowledge.get(render.EMERGENCY_SIGN_ITEMS[code]).text in text, code


# ---------------------------------------------------------------- issue 14, item 7: health wording
SHORT_LIVED = knowledge.get("triggers_short_lived").text


@pytest.mark.parametrize("duration, expected", [
    ("a few seconds", True), ("a second or two", True), ("briefly", True),
    ("seconds at a time", True), ("a split second", True),
    ("hours at a time", False), ("a minute or two", False), ("a few seconds to a minute", False),
    (None, False), ("unknown", False),
])
def test_short_lived_is_said_only_for_brief_twitches(duration, expected) -> None:
    facts = Facts(locations=["eyelid"], movements=["flicker"], duration=duration, onset="a week",
                  onset_days=7, symptoms={"weakness": "absent"}, triggers=["caffeine"])
    assessment = assess(facts)
    assert assessment.triage == "self_care"
    text = render.assessment_text(assessment, facts)
    assert (SHORT_LIVED in text) is expected
    assert ("short-lived" in text) is expected
    assert ("Everyday triggers" in render.summary_text(assessment, facts)) is expected


def test_self_care_change_signs_include_months_sleep_and_new_symptoms() -> None:
    text = rendered("calf_flicker_coffee")
    change = text.split("Signs that would change this advice:", 1)[1]
    for item_id in ("change_signs", "change_signs_months", "change_signs_daily_life"):
        assert knowledge.get(item_id).text in change
    assert "constant" in change and "few months" in change and "sleep" in change
    assert "new symptoms" in change


def test_see_doctor_soon_marks_its_time_frame_as_ours() -> None:
    text = rendered("weak_grip")
    assert "See a doctor within the next few days." in text
    assert knowledge.get("triage_see_doctor_soon_why").text in text
    assert "- Safety addition (not from the articles) — Timing of advice" in text
    payload = render.assessment_payload(assess(CASES["weak_grip"]), CASES["weak_grip"])
    assert payload["next_steps"][:2] == [knowledge.get("triage_see_doctor_soon").text,
                                         knowledge.get("triage_see_doctor_soon_why").text]


def _with_medicine(words: str) -> Facts:
    return Facts(locations=["calf"], movements=["flicker"], symptoms={"weakness": "absent"},
                 triggers=["medication"], evidence={"medication": [words]})


@pytest.mark.parametrize("words", ["I started statins last month", "since I went on sertraline",
                                   "my new blood pressure pills"])
def test_a_medicine_the_articles_do_not_name_is_not_called_a_cause(words: str) -> None:
    facts = _with_medicine(words)
    assessment = assess(facts)
    text = render.assessment_text(assessment, facts)
    assert knowledge.get("trigger_medication").text not in text
    assert "does not name other medicines" in text
    assert "Ask your healthcare provider or pharmacist whether a medicine you take could play a part." in text
    assert "may be involved" not in text
    assert untraceable(text) == []
    payload = render.assessment_payload(assessment, facts)
    assert "trigger_medication" not in [c["id"] for c in payload["possible_causes"]]
    assert "a medicine the articles do not name" in payload["summary"]


@pytest.mark.parametrize("words", ["I'm on water pills", "a course of prednisone", "steroid inhaler"])
def test_a_medicine_the_overview_names_is_explained_as_a_trigger(words: str) -> None:
    facts = _with_medicine(words)
    text = render.assessment_text(assess(facts), facts)
    assert knowledge.get("trigger_medication").text in text
    assert "does not name other medicines" not in text
    assert knowledge.get("reason_medication").text in text


def test_an_underactive_thyroid_does_not_get_the_overactive_thyroid_sentence() -> None:
    facts = Facts(locations=["calf"], movements=["flicker"], conditions=["thyroid"],
                  evidence={"thyroid": ["I have hypothyroidism"]})
    text = render.assessment_text(assess(facts), facts)
    assert knowledge.get("cause_thyroid").text in text
    assert "An overactive thyroid gland" not in text


def test_electrolyte_results_lead_to_a_provider() -> None:
    facts = Facts(locations=["hands"], movements=["flicker"], symptoms={"weakness": "absent"},
                  conditions=["electrolyte_imbalance"])
    assessment = assess(facts)
    assert assessment.triage == "see_doctor"
    assert "Known conditions: electrolyte imbalance" in render.summary_text(assessment, facts)
    assert knowledge.get("trigger_dehydration").text not in render.assessment_text(assessment, facts)


def test_a_cut_quote_keeps_its_ellipsis() -> None:
    facts = Facts(locations=["legs"], movements=["flicker"], symptoms={"weakness": "present"},
                  evidence={"weakness": ["…my legs feel weak when I climb"],
                            "flicker": ["For months I've had frequent twitching in my legs…"]})
    text = render.assessment_text(assess(facts), facts)
    assert '"…my legs feel weak when I climb"' in text
    assert '"For months I\'ve had frequent twitching in my legs…"' in text
    assert render._quote(["plus cramps ... "]) == '"plus cramps…"'
    assert untraceable(text) == []


# ---------------------------------------------------------------- FAQ answers
@pytest.mark.parametrize("key", knowledge.faq_keys())
def test_every_faq_answer_ends_with_not_a_diagnosis(key: str) -> None:
    for related in (True, False):
        answer = render.faq_answer(key, with_related=related)
        assert answer.rstrip().endswith(NOT_A_DIAGNOSIS), key
        assert "Source:" in answer


def test_the_als_answer_says_what_to_do_next() -> None:
    for related in (True, False):
        answer = render.faq_answer("is_it_als", with_related=related)
        assert knowledge.get("als_next_steps").text in answer
        assert "When to Consult a Healthcare Provider" in answer


def test_the_ms_answer_explains_why_twitching_is_common_but_fasciculations_are_not() -> None:
    answer = render.faq_answer("ms_cause_twitching")
    assert "common in MS" in answer and "not a usual MS symptom" in answer
    assert "spasticity and clonus" in answer
    # the explanation comes before (or with) the statement that fasciculations are unusual
    assert answer.index("spasticity and clonus") < answer.index("not a usual MS symptom")


def test_after_an_emergency_the_follow_up_names_the_signs_and_says_again_to_call():
    from twitch_knowledge.facts import Facts
    text = render.emergency_follow_up_text(Facts(emergency_signs=["seizure", "collapse_unresponsive"]))
    assert "Earlier you told me about: a seizure; passing out, not responding" in text
    assert "999, 911 or 112" in text and "don't wait" in text
    assert "not a diagnosis" in text and "Safety addition (not from the articles)" in text
    assert "reassur" not in text.lower()
