"""Every knowledge item is reachable: by a question (its FAQ key) or by some assessment.

A knowledge item that no question and no rule can ever show is dead weight, or worse, a
sign that a rule forgot it. The assessments below cover every movement, symptom,
trigger, condition, emergency sign and triage level.
"""
from __future__ import annotations

import itertools
from typing import List, Set

from twitch_knowledge import knowledge, render
from twitch_knowledge.facts import (
    CONDITIONS, EMERGENCY_SIGNS, IMPACTS, MOVEMENTS, SYMPTOMS, TRIGGERS, Facts,
)
from twitch_knowledge.triage import assess


def _variants() -> List[Facts]:
    base = dict(locations=["calf"], onset="a week", onset_days=7, frequency="daily",
                duration="seconds", other_symptoms_answered=True)
    out = [Facts(), Facts(locations=["tongue"], movements=["flicker"])]
    for movement in MOVEMENTS:
        out.append(Facts(**base, movements=[movement], symptoms={"weakness": "absent"}))
    for symptom, status in itertools.product(SYMPTOMS, ("present", "absent", "unknown")):
        out.append(Facts(**base, movements=["flicker"], symptoms={symptom: status}))
    for trigger in TRIGGERS:
        out.append(Facts(**base, movements=["flicker"], symptoms={"weakness": "absent"}, triggers=[trigger]))
    for condition in CONDITIONS:
        out.append(Facts(**base, movements=["flicker"], conditions=[condition]))
    for impact in IMPACTS:
        out.append(Facts(**base, movements=["flicker"], impacts=[impact]))
    out.append(Facts(**dict(base, onset_days=200, frequency_code="constant"), movements=["flicker"]))
    out.append(Facts(**dict(base, onset_kind="sudden"), patterns=["same_spot"], movements=["flicker"]))
    out.append(Facts(**dict(base, frequency_code="frequent"), movements=["flicker"], symptoms={"cramps": "present"}))
    for sign in EMERGENCY_SIGNS:
        out.append(Facts(**base, emergency_signs=[sign]))
    # a medicine the articles do not name; symptoms in words no code matches
    out.append(Facts(**base, movements=["flicker"], triggers=["medication"],
                     evidence={"medication": ["I started statins"]}))
    out.append(Facts(**base, movements=["flicker"], unrecognised_symptoms=["a bit of a headache"]))
    return out


def reachable_items() -> Set[str]:
    used: Set[str] = set()
    for key in knowledge.faq_keys():
        shown = render.faq_answer(key)
        used |= {item.id for item in knowledge.items() if item.text in shown}
    for facts in _variants():
        assessment = assess(facts)
        text = render.assessment_text(assessment, facts)
        payload = render.assessment_payload(assessment, facts)
        shown = text + "\n".join(payload["next_steps"]) + payload["twitch_type_text"]
        shown += "\n".join(c["text"] for c in payload["possible_causes"])
        shown += "\n".join(f["explanation"] for f in payload["red_flags"])
        used |= {item.id for item in knowledge.items() if item.text in shown}
    for code in EMERGENCY_SIGNS:
        shown = render.emergency_text([(code, "words")])
        # what every later message gets after the emergency advice
        shown += render.emergency_follow_up_text(Facts(emergency_signs=[code]))
        used |= {item.id for item in knowledge.items() if item.text in shown}
    return used


def test_every_knowledge_item_is_reachable_by_a_question_or_a_rule():
    unreachable = sorted({item.id for item in knowledge.items()} - reachable_items())
    assert unreachable == [], f"never shown to anyone: {unreachable}"


def test_items_that_complete_an_answer_name_a_real_question():
    keys = set(knowledge.faq_keys())
    for item in knowledge.items():
        assert set(item.also_answers) <= keys, item.id


def test_a_completed_answer_names_every_source_it_uses():
    answer = render.faq_answer("ms_cause_twitching")
    for item in [knowledge.answer_for_faq("ms_cause_twitching"), *knowledge.also_for_faq("ms_cause_twitching")]:
        assert item.text in answer
        assert item.source.section in answer
