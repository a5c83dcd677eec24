"""Triage rules: what a person would be told for what they said.

Facts are built directly (no language understanding involved), so each case
reads like one conversation's outcome.
"""
from __future__ import annotations

import itertools
from typing import Any, Dict, List

import pytest

from twitch_knowledge import knowledge
from twitch_knowledge.facts import EMERGENCY_SIGNS, SYMPTOMS, TRIGGERS, Facts
from twitch_knowledge.triage import RED_FLAG_CODES, TRIAGE_LEVELS, assess, level_rank

# A calm, everyday calf twitch: the baseline most cases change one thing of.
BASE: Dict[str, Any] = dict(
    locations=["left calf"],
    movements=["flicker"],
    onset="for about a week",
    onset_days=7,
    frequency="a few times a day",
    frequency_code="occasional",
    duration="a few seconds",
    symptoms={"weakness": "absent"},
    other_symptoms_answered=True,
)


def make(**changes: Any) -> Facts:
    """The baseline facts with some fields replaced (non-empty dicts are merged, {} clears)."""
    data = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in BASE.items()}
    for key, value in changes.items():
        if value and isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return Facts(**data)


def flag_codes(facts: Facts) -> List[str]:
    return assess(facts).red_flag_codes


# ---------------------------------------------------------------- twitch type
TYPE_CASES = [
    ("flicker_is_fasciculation", make(), "fasciculation"),
    ("rhythmic_jerking_is_clonus", make(movements=["rhythmic_jerking"]), "clonus"),
    ("stiffness_movement_is_spasticity", make(movements=["stiffness"]), "spasticity"),
    ("cramp_alone_is_cramp", make(movements=["cramp"]), "cramp"),
    ("clonus_beats_spasticity", make(movements=["stiffness", "rhythmic_jerking"]), "clonus"),
    ("clonus_beats_flicker", make(movements=["flicker", "rhythmic_jerking"]), "clonus"),
    ("spasticity_beats_flicker", make(movements=["flicker", "stiffness"]), "spasticity"),
    ("cramps_named_before_flicker_are_cramp", make(movements=["cramp", "flicker"]), "cramp"),
    ("flicker_named_before_cramps_is_fasciculation", make(movements=["flicker", "cramp"]), "fasciculation"),
    ("clonus_beats_cramp", make(movements=["cramp", "rhythmic_jerking"]), "clonus"),
    ("spasticity_beats_cramp", make(movements=["cramp", "stiffness"]), "spasticity"),
    ("flicker_plus_cramps_symptom_is_fasciculation",
     make(symptoms={"cramps": "present"}), "fasciculation"),
    ("stiffness_symptom_without_flicker_is_spasticity",
     make(movements=[], symptoms={"stiffness": "present"}), "spasticity"),
    ("stiffness_symptom_with_flicker_stays_fasciculation",
     make(symptoms={"stiffness": "present"}), "fasciculation"),
    ("denied_stiffness_is_not_spasticity",
     make(movements=[], symptoms={"stiffness": "absent"}), "fasciculation"),
    ("only_location_is_fasciculation", Facts(locations=["eyelid"]), "fasciculation"),
    ("only_onset_is_fasciculation", Facts(onset="since Monday", onset_days=3), "fasciculation"),
    ("nothing_known_is_unclear", Facts(), "unclear"),
    ("cramps_symptom_only_is_cramp", Facts(symptoms={"cramps": "present"}), "cramp"),
]


@pytest.mark.parametrize("facts,expected", [c[1:] for c in TYPE_CASES], ids=[c[0] for c in TYPE_CASES])
def test_twitch_type(facts: Facts, expected: str) -> None:
    assert assess(facts).twitch_type == expected


# ---------------------------------------------------------------- triage level and red flags
TRIAGE_CASES = [
    # self care
    ("plain_calf_twitch", make(), "self_care", []),
    ("eyelid_twitch_with_coffee", make(locations=["eyelid"], triggers=["caffeine"]), "self_care", []),
    ("stress_and_poor_sleep", make(triggers=["stress_anxiety", "tiredness_sleep"]), "self_care", []),
    ("after_gym", make(triggers=["exercise"]), "self_care", []),
    ("weakness_not_asked_yet", make(symptoms={}), "self_care", []),
    ("cramp_after_exercise", make(movements=["cramp"], triggers=["exercise"]), "self_care", []),
    ("occasional_with_cramps", make(symptoms={"cramps": "present"}), "self_care", []),
    ("seven_weeks_is_not_months", make(onset_days=49), "self_care", []),
    ("sudden_but_moving_around", make(onset_kind="sudden", patterns=["widespread"]), "self_care", []),
    ("same_spot_but_gradual", make(onset_kind="gradual", patterns=["same_spot"]), "self_care", []),
    # see a doctor
    ("two_months", make(onset_days=60), "see_doctor", ["persistent_months"]),
    ("exactly_eight_weeks", make(onset_days=56), "see_doctor", ["persistent_months"]),
    ("for_years", make(onset="for years", onset_days=730), "see_doctor", ["persistent_months"]),
    ("constant_twitching", make(frequency="constantly", frequency_code="constant"), "see_doctor",
     ["persistent_months"]),
    ("keeps_me_awake", make(impacts=["sleep"]), "see_doctor", ["disrupts_daily_life"]),
    ("cannot_work", make(impacts=["daily_life"]), "see_doctor", ["disrupts_daily_life"]),
    ("sudden_same_spot", make(onset_kind="sudden", patterns=["same_spot"]), "see_doctor",
     ["sudden_focal_onset"]),
    ("frequent_with_cramps", make(frequency_code="frequent", symptoms={"cramps": "present"}),
     "see_doctor", []),
    ("frequent_flicker_and_cramp_movement", make(frequency_code="frequent", movements=["flicker", "cramp"]),
     "see_doctor", []),
    ("known_thyroid", make(conditions=["thyroid"]), "see_doctor", []),
    ("known_kidney_disease", make(conditions=["kidney_disease"]), "see_doctor", []),
    ("known_ms_flicker", make(conditions=["ms"]), "see_doctor", []),
    ("on_water_pills", make(triggers=["medication"]), "see_doctor", []),
    ("not_sure_about_weakness", make(symptoms={"weakness": "unknown"}), "see_doctor", []),
    ("dont_know_answer_to_weakness", make(symptoms={}, unknown_answers=["weakness"]), "see_doctor", []),
    ("pins_and_needles", make(symptoms={"numbness_tingling": "present"}), "see_doctor", []),
    ("nothing_known", Facts(), "see_doctor", []),
    # see a doctor soon
    ("weaker_grip", make(symptoms={"difficulty_gripping": "present"}), "see_doctor_soon", ["weakness"]),
    ("leg_feels_weak", make(symptoms={"weakness": "present"}), "see_doctor_soon", ["weakness"]),
    ("tripping_over_foot", make(symptoms={"foot_drop": "present"}), "see_doctor_soon", ["weakness"]),
    ("muscle_smaller", make(symptoms={"muscle_wasting": "present"}), "see_doctor_soon", ["muscle_wasting"]),
    ("slurred_speech", make(symptoms={"slurred_speech": "present"}), "see_doctor_soon", ["bulbar_symptoms"]),
    ("choking_on_food", make(symptoms={"trouble_swallowing": "present"}), "see_doctor_soon",
     ["bulbar_symptoms"]),
    ("hoarse_voice", make(symptoms={"hoarseness": "present"}), "see_doctor_soon", ["bulbar_symptoms"]),
    ("tongue_twitching", make(locations=["my tongue"]), "see_doctor_soon", ["tongue_twitching"]),
    ("tongue_among_places", make(locations=["calf", "Tongue"]), "see_doctor_soon", ["tongue_twitching"]),
    ("ankle_shakes_rhythmically", make(movements=["rhythmic_jerking"]), "see_doctor_soon",
     ["rhythmic_jerking"]),
    ("stiff_legs", make(movements=["stiffness"]), "see_doctor_soon", ["stiffness_spasticity"]),
    ("stiffness_symptom", make(symptoms={"stiffness": "present"}), "see_doctor_soon",
     ["stiffness_spasticity"]),
    ("weakness_and_wasting_for_months",
     make(symptoms={"weakness": "present", "muscle_wasting": "present"}, onset_days=120),
     "see_doctor_soon", ["weakness", "muscle_wasting", "persistent_months"]),
    # emergency
    ("face_drooping", make(emergency_signs=["speech_or_face"]), "emergency", ["emergency_signs"]),
    ("cannot_breathe", make(emergency_signs=["breathing"]), "emergency", ["emergency_signs"]),
    ("seizure_with_weakness", make(emergency_signs=["seizure"], symptoms={"weakness": "present"}),
     "emergency", ["emergency_signs", "weakness"]),
    ("emergency_without_twitch_details", Facts(emergency_signs=["fever_stiff_neck"]), "emergency",
     ["emergency_signs"]),
]


@pytest.mark.parametrize(
    "facts,level,flags", [c[1:] for c in TRIAGE_CASES], ids=[c[0] for c in TRIAGE_CASES]
)
def test_triage_level_and_red_flags(facts: Facts, level: str, flags: List[str]) -> None:
    result = assess(facts)
    assert result.triage == level
    assert sorted(result.red_flag_codes) == sorted(flags)


@pytest.mark.parametrize("sign", EMERGENCY_SIGNS)
def test_every_emergency_sign_is_an_emergency(sign: str) -> None:
    result = assess(make(emergency_signs=[sign], evidence={sign: ["my words"]}))
    assert result.triage == "emergency"
    assert result.red_flags[0].code == "emergency_signs"
    assert result.red_flags[0].evidence == ["my words"]


# ---------------------------------------------------------------- denied symptoms
@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_denied_symptom_is_never_a_red_flag(symptom: str) -> None:
    result = assess(make(symptoms={symptom: "absent"}, evidence={symptom: ["no " + symptom]}))
    assert result.red_flags == []
    assert result.triage == "self_care"


def test_everything_denied_is_self_care() -> None:
    result = assess(make(symptoms={code: "absent" for code in SYMPTOMS}))
    assert (result.triage, result.red_flags) == ("self_care", [])


# ---------------------------------------------------------------- never lowered
SOON_FACTS = {
    "weakness": {"symptoms": {"weakness": "present"}},
    "muscle_wasting": {"symptoms": {"muscle_wasting": "present"}},
    "bulbar_symptoms": {"symptoms": {"slurred_speech": "present"}},
    "tongue_twitching": {"locations": ["tongue"]},
    "rhythmic_jerking": {"movements": ["rhythmic_jerking"]},
    "stiffness_spasticity": {"movements": ["stiffness"]},
}
MITIGATORS = {
    "benign_triggers": {"triggers": ["caffeine", "stress_anxiety", "tiredness_sleep"]},
    "short_and_occasional": {"onset_days": 2, "frequency_code": "occasional"},
    "all_else_denied": {
        "symptoms": {code: "absent" for code in ("cramps", "numbness_tingling", "hoarseness")}
    },
}


def _soon_case(flag: str, mitigator: str) -> Facts:
    facts = make(**SOON_FACTS[flag])
    for key, value in MITIGATORS[mitigator].items():
        current = getattr(facts, key)
        setattr(facts, key, {**current, **value} if isinstance(current, dict) else value)
    return facts


@pytest.mark.parametrize(
    "flag,mitigator",
    list(itertools.product(SOON_FACTS, MITIGATORS)),
    ids=[f"{f}+{m}" for f, m in itertools.product(SOON_FACTS, MITIGATORS)],
)
def test_see_doctor_soon_is_never_lowered(flag: str, mitigator: str) -> None:
    result = assess(_soon_case(flag, mitigator))
    assert result.triage == "see_doctor_soon"
    assert flag in result.red_flag_codes


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_trigger_never_lowers_the_level(trigger: str) -> None:
    for facts in (make(onset_days=90), make(symptoms={"foot_drop": "present"})):
        without = assess(facts).triage
        facts.triggers.append(trigger)
        assert level_rank(assess(facts).triage) >= level_rank(without)


def test_adding_any_fact_never_lowers_the_level() -> None:
    """Adding more information can raise the level, never lower it."""
    additions = [
        {"triggers": ["caffeine"]},
        {"conditions": ["ms"]},
        {"impacts": ["sleep"]},
        {"symptoms": {"weakness": "absent", "cramps": "absent"}},
        {"locations": ["left calf", "eyelid"]},
    ]
    starts = [make(), make(onset_days=90), make(symptoms={"hoarseness": "present"})]
    for start, extra in itertools.product(starts, additions):
        before = level_rank(assess(start).triage)
        assert level_rank(assess(_with(start, extra)).triage) >= before, (start, extra)


def _with(facts: Facts, extra: Dict[str, Any]) -> Facts:
    """Facts plus more information; what was already reported wins over the addition."""
    data = facts.to_dict()
    for key, value in extra.items():
        data[key] = {**value, **data[key]} if isinstance(value, dict) else data[key] + value
    return Facts.from_dict(data)


# ---------------------------------------------------------------- evidence (the user's words)
EVIDENCE_CASES = [
    ("grip", make(symptoms={"difficulty_gripping": "present"},
                  evidence={"difficulty_gripping": ["I keep dropping my cup"]}),
     "weakness", ["I keep dropping my cup"]),
    ("weakness_and_tripping",
     make(symptoms={"weakness": "present", "foot_drop": "present"},
          evidence={"weakness": ["my leg is weaker"], "foot_drop": ["I trip over my foot"]}),
     "weakness", ["my leg is weaker", "I trip over my foot"]),
    ("bulbar_codes_together",
     make(symptoms={"slurred_speech": "present", "hoarseness": "present"},
          evidence={"slurred_speech": ["my words slur"], "hoarseness": ["hoarse for weeks"]}),
     "bulbar_symptoms", ["my words slur", "hoarse for weeks"]),
    ("tongue_location_words", make(locations=["left calf", "my tongue"]), "tongue_twitching", ["my tongue"]),
    ("months_uses_onset_words", make(onset="since last spring", onset_days=200), "persistent_months",
     ["since last spring"]),
    ("constant_uses_frequency_words", make(frequency="all the time", frequency_code="constant"),
     "persistent_months", ["all the time"]),
    ("impact_words", make(impacts=["sleep"], evidence={"sleep": ["it keeps me awake"]}),
     "disrupts_daily_life", ["it keeps me awake"]),
    ("stiffness_words", make(movements=["stiffness"], evidence={"stiffness": ["my legs feel tight"]}),
     "stiffness_spasticity", ["my legs feel tight"]),
    ("jerking_words", make(movements=["rhythmic_jerking"], evidence={"rhythmic_jerking": ["my ankle shakes"]}),
     "rhythmic_jerking", ["my ankle shakes"]),
    ("wasting_words", make(symptoms={"muscle_wasting": "present"},
                           evidence={"muscle_wasting": ["my thumb muscle looks smaller"]}),
     "muscle_wasting", ["my thumb muscle looks smaller"]),
    ("sudden_focal_words", make(onset="suddenly yesterday", onset_kind="sudden", patterns=["same_spot"],
                                evidence={"same_spot": ["always the same spot"]}),
     "sudden_focal_onset", ["always the same spot", "suddenly yesterday"]),
]


@pytest.mark.parametrize(
    "facts,code,words", [c[1:] for c in EVIDENCE_CASES], ids=[c[0] for c in EVIDENCE_CASES]
)
def test_red_flag_evidence_is_the_users_words(facts: Facts, code: str, words: List[str]) -> None:
    flag = next(f for f in assess(facts).red_flags if f.code == code)
    assert flag.evidence == words


def test_denied_weakness_words_are_not_evidence() -> None:
    facts = make(symptoms={"weakness": "absent", "difficulty_gripping": "present"},
                 evidence={"weakness": ["not weak"], "difficulty_gripping": ["can't hold my pen"]})
    (flag,) = assess(facts).red_flags
    assert flag.evidence == ["can't hold my pen"]


# ---------------------------------------------------------------- reasons, causes, context
def test_every_red_flag_code_is_reachable_and_explained() -> None:
    seen = {flag.code: flag.item_id for case in TRIAGE_CASES for flag in assess(case[1]).red_flags}
    assert set(seen) == set(RED_FLAG_CODES)
    for item_id in seen.values():
        assert knowledge.get(item_id).text


def test_every_triage_level_is_reachable() -> None:
    assert {assess(case[1]).triage for case in TRIAGE_CASES} == set(TRIAGE_LEVELS)


def test_all_reasons_and_causes_are_knowledge_items() -> None:
    for case in TRIAGE_CASES + TYPE_CASES:
        result = assess(case[1])
        for item_id in result.reasons + result.possible_causes + result.provider_checks:
            knowledge.get(item_id)  # raises KeyError if missing


@pytest.mark.parametrize(
    "facts,reason",
    [
        (make(symptoms={"weakness": "unknown"}), "reason_weakness_unknown"),
        (make(triggers=["medication"]), "reason_medication"),
        (make(conditions=["parathyroid"]), "reason_known_condition"),
        (make(symptoms={"numbness_tingling": "present"}), "reason_other_symptoms"),
        (make(frequency_code="constant", movements=["flicker", "cramp"]), "reason_cramp_fasciculation"),
        (Facts(), "reason_unclear"),
    ],
    ids=["weakness_unknown", "medication", "condition", "numbness", "cramp_fasciculation", "unclear"],
)
def test_see_doctor_reason_without_red_flag_code(facts: Facts, reason: str) -> None:
    result = assess(facts)
    assert result.triage in ("see_doctor", "see_doctor_soon")
    assert reason in result.reasons


def test_unknown_weakness_is_marked_uncertain_and_doctor_can_check_strength() -> None:
    result = assess(make(symptoms={"weakness": "unknown"}))
    assert "weakness_unknown" in result.uncertain
    assert "provider_exam" in result.provider_checks
    assert "strength" in knowledge.get("reason_weakness_unknown").text


def test_hedged_weakness_reported_present_counts() -> None:
    assert assess(make(symptoms={"weakness": "present"}, unknown_answers=["weakness"])).triage == "see_doctor_soon"


def test_self_care_reasons_mention_strength_only_when_weakness_denied() -> None:
    assert "strong_muscle" in assess(make()).reasons
    assert "strong_muscle" not in assess(make(symptoms={})).reasons


def test_benign_triggers_become_possible_causes() -> None:
    result = assess(make(triggers=["caffeine", "dehydration"]))
    assert result.triggers == ["caffeine", "dehydration"]
    assert result.possible_causes[:2] == ["trigger_caffeine", "trigger_dehydration"]


@pytest.mark.parametrize(
    "facts,cause",
    [
        (make(movements=["rhythmic_jerking"]), "clonus_causes"),
        (make(symptoms={"weakness": "present"}), "lmn_diseases"),
        (make(onset_days=365), "bfs"),
        (make(frequency_code="frequent", symptoms={"cramps": "present"}), "cramp_fasciculation_syndrome"),
        (make(conditions=["thyroid"]), "cause_thyroid"),
        (make(movements=["stiffness"], conditions=["ms"]), "ms_spasticity"),
    ],
    ids=["clonus", "weakness_lmn", "persistent_bfs", "cramps_cfs", "thyroid", "ms_spasticity"],
)
def test_possible_causes(facts: Facts, cause: str) -> None:
    assert cause in assess(facts).possible_causes


def test_weakness_with_persistence_does_not_suggest_bfs() -> None:
    causes = assess(make(onset_days=365, symptoms={"weakness": "present"})).possible_causes
    assert "bfs" not in causes and "lmn_diseases" in causes


def test_ms_context() -> None:
    assert assess(make(conditions=["ms"])).ms_context is True
    assert assess(make(conditions=["thyroid"])).ms_context is False


def test_ms_flicker_is_still_fasciculation_and_needs_a_doctor() -> None:
    result = assess(make(conditions=["ms"]))
    assert (result.twitch_type, result.triage) == ("fasciculation", "see_doctor")
    assert "ms_have_twitching" in result.possible_causes


def test_ms_with_spasticity_is_seen_soon() -> None:
    result = assess(make(conditions=["ms"], movements=["stiffness"]))
    assert (result.twitch_type, result.triage) == ("spasticity", "see_doctor_soon")


def test_type_inferred_from_description_is_marked_uncertain() -> None:
    assert "type_from_description" in assess(Facts(locations=["thigh"])).uncertain
    assert "type_from_description" not in assess(make()).uncertain


def test_provider_checks_only_when_a_doctor_is_advised() -> None:
    assert assess(make()).provider_checks == []
    assert "provider_tests" in assess(make(onset_days=90)).provider_checks


@pytest.mark.parametrize("place", ["tongue", "side of my tounge", "tung", "Tongue tip", "my toungue"])
def test_tongue_flag_with_misspelt_tongue(place):
    result = assess(make(locations=[place]))
    assert result.has_flag("tongue_twitching")
    assert result.triage == "see_doctor_soon"


def test_tongue_flag_not_raised_by_similar_words():
    assert not assess(make(locations=["tonsil area", "thumb"])).has_flag("tongue_twitching")
