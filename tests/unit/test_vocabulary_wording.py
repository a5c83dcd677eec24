"""Vocabulary mappings must not imply what the articles do not say (issue 14, item 7).

Read with the pipeline built from vocabulary.yml in memory (the saved build may be older).
"""
from __future__ import annotations

import pytest

from twitch_knowledge.extract import extract_entities, facts_from_entities
from twitch_knowledge.nlp import build_pipeline
from twitch_knowledge.sign_words import tight_not_spasticity
from twitch_knowledge.vocabulary import code_for


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def facts(nlp, text):
    return facts_from_entities(extract_entities(text, nlp=nlp), text)


@pytest.mark.parametrize("words", ["worried", "worry", "worrying", "panicking"])
def test_worry_is_not_a_stress_trigger(words):
    assert code_for("trigger", words) is None


@pytest.mark.parametrize("words", ["stressed", "anxious", "anxiety", "stress"])
def test_stress_and_anxiety_still_are(words):
    assert code_for("trigger", words) == "stress_anxiety"


def test_fear_of_als_does_not_become_a_trigger(nlp):
    result = facts(nlp, "I'm so worried it's ALS, my calf keeps twitching")
    assert "stress_anxiety" not in result.triggers
    assert "stress_anxiety" in facts(nlp, "I'm stressed at work and my calf keeps twitching").triggers


@pytest.mark.parametrize("words", ["low calcium", "high calcium", "low phosphate", "calcium was low",
                                   "electrolyte imbalance", "hypocalcaemia", "low magnesium"])
def test_electrolyte_results_are_a_medical_cause_not_dehydration(words):
    assert code_for("trigger", words) is None
    assert code_for("condition", words) == "electrolyte_imbalance"


def test_a_low_calcium_result_is_a_condition_in_a_message(nlp):
    result = facts(nlp, "my blood test showed low calcium and my hands twitch")
    assert result.conditions == ["electrolyte_imbalance"]
    assert "dehydration" not in result.triggers


@pytest.mark.parametrize("words", ["hypothyroidism", "underactive thyroid", "overactive thyroid"])
def test_thyroid_words_lead_to_the_general_thyroid_code(words):
    assert code_for("condition", words) == "thyroid"


@pytest.mark.parametrize("text", ["my leg gave a jerk last night", "one jerk in my arm just now",
                                  "a sudden jerk in my shoulder", "my hand jerked once"])
def test_a_single_jerk_is_not_clonus(nlp, text):
    result = facts(nlp, text)
    assert "rhythmic_jerking" not in result.movements
    assert "flicker" in result.movements


@pytest.mark.parametrize("text", ["my ankle keeps jerking", "my leg jerks in a rhythm"])
def test_repeated_jerking_still_is(nlp, text):
    assert "rhythmic_jerking" in facts(nlp, text).movements


def _tight(text):
    start = text.index("tight")
    return tight_not_spasticity(text, start, start + len("tight"))


@pytest.mark.parametrize("text", ["my calf felt tight after my run", "my leg went tight with a cramp",
                                  "hamstrings are tight from leg day", "it gets tight at the gym"])
def test_tight_after_effort_or_with_a_cramp_is_not_spasticity(text):
    assert _tight(text) is True


@pytest.mark.parametrize("text", ["my legs feel tight all the time", "my legs go tight and stiff after the gym",
                                  "my calf is tight. I went for a run last week"])
def test_tight_on_its_own_or_with_stiffness_still_counts(text):
    assert _tight(text) is False


def test_tight_check_never_raises():
    assert tight_not_spasticity("", 0, 5) is False
    assert tight_not_spasticity("tight", 3, 1) is False
