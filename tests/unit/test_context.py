"""Context attribution: what a mention means where it stands (issue 14, item 2).

medspaCy's ConText with our rules (twitch_knowledge/context_rules.json) decides
historical, hypothetical and another person's; negation.py decides negated and
uncertain. Only current findings about the person in question count for triage.
"""
from __future__ import annotations

import pytest

from twitch_knowledge.context import MentionContext, context_of, contexts
from twitch_knowledge.extract import extract_entities, extract_facts
from twitch_knowledge.interview import update
from twitch_knowledge.triage import assess


def _ctx(text: str, words: str, label: str = "symptom") -> MentionContext:
    start = text.lower().index(words.lower())
    return context_of(text, start, start + len(words), label)


@pytest.mark.parametrize("text, words, label, attribute", [
    ("years ago i had bad weakness in my leg after a back injury but that healed", "weakness", "symptom", "historical"),
    ("i used to get cramps as a kid", "cramps", "symptom", "historical"),
    ("what if i get weakness in my hands", "weakness", "symptom", "hypothetical"),
    ("could it be a sign of slurred speech coming", "slurred speech", "symptom", "hypothetical"),
    ("my dad had a stroke last year", "last year", "onset", "other_person"),
    ("my friend had twitching and it was nothing", "twitching", "movement", "other_person"),
    ("my son's eyelid has been twitching for 3 days", "eyelid", "body_location", "other_person"),
    ("no weakness in my legs", "weakness", "symptom", "negated"),
])
def test_each_attribute(text, words, label, attribute):
    assert getattr(_ctx(text, words, label), attribute) is True


@pytest.mark.parametrize("text, words, label", [
    # the cue's reach ends at the writer's own "my", at "so", at "now"
    ("my dad had a stroke last year so im paranoid, my thumb has been twitching", "thumb", "body_location"),
    ("my dad had a stroke last year so im paranoid, my thumb has been twitching", "twitching", "movement"),
    ("no weakness in my legs, my calf twitches", "calf", "body_location"),
    ("i had twitching years ago but now my calf twitches", "calf", "body_location"),
    # a long-ago date alone does not make a symptom past: it may still be there
    ("my grip got weak a few months ago and my forearm twitches", "weak", "symptom"),
    ("I've had weakness in my hand since last year", "weakness", "symptom"),
    ("I used to be able to grip a jar, now I can't grip", "can't grip", "symptom"),
])
def test_current_findings_stay_current(text, words, label):
    ctx = _ctx(text, words, label)
    assert ctx.counts("self"), ctx.labels()


def test_contexts_keep_the_order_and_survive_odd_spans():
    text = "what if i get weakness, my calf twitches"
    found = contexts(text, [(14, 22, "symptom"), (24, 31, "body_location"), (500, 510, "symptom")])
    assert [c.hypothetical for c in found] == [True, False, False]
    assert contexts(text, []) == []


def test_someone_writing_for_another_person_counts_their_findings():
    facts = extract_facts("my son's eyelid has been twitching for 3 days, he says his hand feels weak")
    assert facts.subject == "other"
    assert facts.symptom("weakness") == "present" and facts.locations
    answer = update(facts, "no weakness", "deny", [], "weakness").facts
    assert answer.symptom("weakness") == "absent"  # an answer names no one: it is the son's


def test_another_persons_event_never_dates_the_twitch():
    facts = extract_facts("my dad had a stroke last year so im paranoid, my thumb has been twitching since the weekend")
    assert facts.onset == "since the weekend" and facts.onset_days < 56
    assert "stroke" not in facts.conditions
    assert assess(facts).triage == "self_care"
    assert any("dad" in words for words in facts.history)


def test_healed_weakness_is_history_not_a_red_flag():
    facts = extract_facts("years ago i had bad weakness in my leg after a back injury but that healed")
    assert facts.symptom("weakness") is None
    assert not assess(facts).has_flag("weakness")
    assert facts.history


def test_a_past_stroke_is_a_condition_not_an_emergency():
    facts = extract_facts("I had a major left-sided stroke with weakness years ago and now I'm getting violent spasms")
    assert not facts.emergency_signs
    assert "stroke" in facts.conditions
    assert assess(facts).triage != "emergency"


def test_a_supposed_symptom_is_asked_not_assumed():
    facts = extract_facts("what if i get weakness in my hands")
    assert facts.symptom("weakness") is None  # neither present nor "not sure": the interview asks


def test_time_words_of_another_thing_are_not_the_twitch():
    facts = extract_facts("im knackered all the time and my calf twitches every few minutes")
    assert facts.frequency == "every few minutes" and facts.frequency_code == "frequent"
    assert "tiredness_sleep" in facts.triggers
    assert not assess(facts).has_flag("persistent_months")
    assert extract_facts("knackered all the time").frequency is None


def test_rules_file_loads_every_rule():
    # a broken rule would make every mention read as current: check they all load
    from twitch_knowledge.context import _context_component

    _, component = _context_component()
    assert len(component.rules) >= 30


def test_entities_still_carry_their_negation():
    entities = extract_entities("no weakness, my calf twitches")
    weakness = next(e for e in entities if e["entity"] == "symptom")
    assert weakness.get("role") == "absent"


@pytest.mark.parametrize("text", [
    "had one seizure when i was 7 (febrile, nothing since, im 34 now). my right eye twitches",
    "years ago i passed out at a concert, now my calf twitches",
])
def test_a_childhood_or_long_past_episode_is_not_an_emergency_now(text):
    facts = extract_facts(text)
    assert not facts.emergency_signs and facts.locations


def test_a_dated_past_event_said_to_be_over_is_history_across_a_comma():
    text = ("had a weak right arm after a car crash in 2015, physio sorted it and its been totally "
            "fine for years. now my right shoulder twitches a bit n im paranoid")
    facts = extract_facts(text)
    assert facts.symptom("weakness") is None and facts.history
    assert facts.onset is None  # "for years" is how long it has been fine, not the twitch
    assert assess(facts).triage != "see_doctor_soon"


@pytest.mark.parametrize("text, word", [
    ("had a weak right arm after a car crash in 2015, physio sorted it and its been totally "
     "fine for years. now my right shoulder twitches a bit n im paranoid", "crash"),
    ("my left leg went weak after a bad fall in 2019 but it fully recovered ages ago, these "
     "days my eyelid jumps", "fall"),
])
def test_a_learned_mention_outside_the_vocabulary_does_not_bring_history_back(text, word):
    """The classifier may tag any word ("crash" as a movement, holdout6 hs06): a coded
    mention with no code says nothing, and must not take the past cue from the weakness."""
    from twitch_knowledge.extract import facts_from_entities
    from twitch_knowledge.interview import combine_entities

    start = text.index(word)
    learned = [{"entity": "movement", "value": word, "start": start, "end": start + len(word),
                "extractor": "LengthBatchedDIETClassifier"}]
    facts = facts_from_entities(combine_entities(extract_entities(text), learned), text)
    assert facts.symptom("weakness") is None and facts.history
    assert assess(facts).triage != "see_doctor_soon"


@pytest.mark.parametrize("text", [
    "my leg got weak last year and the cramps got better",   # the cramps are over, not the weakness
    "my grip got weak a few months ago and my hand twitches",  # dated, but not said to be over
    "in 2019 my arm went weak and it has stayed weak",
])
def test_weakness_that_is_not_said_to_be_over_stays_current(text):
    assert extract_facts(text).symptom("weakness") == "present"


# ------------------------------------- a question about a condition, no punctuation
@pytest.mark.parametrize("text, code", [
    ("would this mean als my thumb muscle flickers all day and my grip is getting weak", "weakness"),
    ("could that be thyroid my ankle shakes rhythmically every time i put weight on it", "rhythmic_jerking"),
])
def test_what_follows_the_condition_asked_about_is_said_not_supposed(text, code):
    facts = extract_facts(text)
    level = assess(facts).triage
    assert code in facts.present_symptoms() + facts.movements, facts.to_dict()
    assert level == "see_doctor_soon"


@pytest.mark.parametrize("text, words", [
    ("could it cause weakness in my legs", "weakness"),   # no condition named first
    ("does this mean i will get weakness", "weakness"),
    ("could it be als if i get weakness", "weakness"),     # a second cue of its own
])
def test_a_question_about_a_symptom_itself_stays_supposed(text, words):
    assert not _ctx(text, words).counts("self")


# ------------------------------------------- an expectation that it would be over
@pytest.mark.parametrize("text", [
    "my left thumb has flickered since the summer i hoped it would have cleared up by now",
    "my shoulder blade keeps jumping since march it should have settled down by now",
])
def test_saying_it_should_be_over_by_now_keeps_it_current(text):
    facts = extract_facts(text)
    assert facts.locations and facts.onset, facts.to_dict()


def test_over_for_real_is_still_history():
    assert _ctx("had weakness in my arm in 2015 but that healed", "weakness").historical
