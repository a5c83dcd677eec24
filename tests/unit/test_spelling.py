"""Typos in the words that matter are read as the word (twitch_knowledge.spelling)."""
from __future__ import annotations

import pytest

from twitch_knowledge.emergency import detect_emergency
from twitch_knowledge.extract import extract_facts
from twitch_knowledge.spelling import correct, correction
from twitch_knowledge.triage import assess


@pytest.mark.parametrize("typo, word", [
    ("weaknss", "weakness"), ("wekness", "weakness"), ("twithcing", "twitching"),
    ("swallowng", "swallowing"), ("slurrd", "slurred"), ("sezure", "seizure"),
    ("breathng", "breathing"), ("thihg", "thigh"), ("crmaps", "cramps"), ("grippign", "gripping"),
])
def test_a_letter_dropped_or_swapped_is_read_as_the_word(typo, word):
    assert correction(typo) == word


@pytest.mark.parametrize("word", ["week", "wake", "weaker", "paranoid", "revising", "ngl", "lowkey", "tbh"])
def test_known_words_and_shorthand_are_never_changed(word):
    assert correction(word) is None


def test_offsets_map_back_to_what_the_person_wrote():
    text = "my hnad is weaknss and my tounge twitches"
    fixed, to_original = correct(text)
    assert "weakness" in fixed
    start = fixed.index("weakness")
    assert text[to_original(start):to_original(start + len("weakness"))] == "weaknss"
    assert text[to_original(fixed.index("twitches")):] == "twitches"


def test_a_typo_in_the_sign_still_raises_it_and_quotes_the_persons_words():
    facts = extract_facts("my left hand feels weaknss and i keep dropping things")
    assert facts.symptom("weakness") == "present"
    assert any("weaknss" in words for words in facts.evidence["weakness"])
    assert assess(facts).triage == "see_doctor_soon"


@pytest.mark.parametrize("text", ["my son had a sezure", "i cant breathng properly"])
def test_a_typo_does_not_hide_an_emergency(text):
    assert detect_emergency(text)


def test_a_denied_sign_with_a_typo_stays_denied():
    assert extract_facts("no weaknss at all, my calf twitches").symptom("weakness") == "absent"


# ------------------------------------------------ four-letter sign words
@pytest.mark.parametrize("typo, word", [
    ("wesk", "weak"), ("nmub", "numb"), ("grpi", "grip"), ("slru", "slur"), ("spto", "spot"),
])
def test_a_four_letter_sign_word_is_read_through_its_typo(typo, word):
    assert correction(typo) == word


@pytest.mark.parametrize("text, flag, level", [
    ("my left leg feels wesk when i climb stairs and the thigh flickers", "weakness", "see_doctor_soon"),
    ("my fingers twitch so badly i cant hlod my pen steady in lectures", "disrupts_daily_life", "see_doctor"),
])
def test_a_typo_in_a_short_sign_word_keeps_the_flag(text, flag, level):
    assessment = assess(extract_facts(text))
    assert flag in [f.code for f in assessment.red_flags]
    assert assessment.triage == level


def test_a_typo_in_a_pattern_word_keeps_the_pattern():
    facts = extract_facts("my upper lip began flickering all of a sudden a month ago, always in the smae place")
    assert "same_spot" in facts.patterns
    assert "sudden_focal_onset" in [f.code for f in assess(facts).red_flags]


@pytest.mark.parametrize("text, code", [
    ("my thumb jumps pretty much evrey day", "frequent"),
    ("it flickers sevral times an hour", "frequent"),
])
def test_a_typo_in_a_time_word_is_read_as_the_word(text, code):
    from twitch_knowledge.timeparse import parse_frequency

    assert parse_frequency(text) == code


def test_a_typo_of_week_is_not_read_as_weakness():
    facts = extract_facts("my calf has flickered for a wekk")
    assert facts.symptoms.get("weakness") != "present"
