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
