"""The interview step (twitch_knowledge.interview.update)."""
import pytest

from twitch_knowledge.facts import INTERVIEW_SLOTS, Facts
from twitch_knowledge.interview import asks_onset_kind, interrupts, merge, update
from twitch_knowledge.triage import assess

EVERYTHING = ("My left calf has been twitching for 2 weeks, it came on gradually, every few minutes, "
              "for a few seconds each time. No weakness, but I get cramps.")


def test_a_message_that_says_everything_fills_all_six_slots():
    result = update(Facts(), EVERYTHING, "describe_twitch", [], None)
    assert result.understood
    assert result.slots == {
        "twitch_location": "left calf",
        "twitch_onset": "for 2 weeks, gradually",
        "twitch_frequency": "every few minutes",
        "twitch_duration": "for a few seconds",
        "weakness": "absent",
        "other_symptoms": "cramps",
    }
    assert list(result.slots) == list(INTERVIEW_SLOTS)
    assert result.facts.onset_days == 14 and result.facts.frequency_code == "frequent"


def test_prefill_from_description_leaves_unknown_slots_out():
    result = update(Facts(), "my eyelid keeps jumping since yesterday, it started suddenly",
                    "describe_twitch", [], None)
    assert result.slots["twitch_location"] == "eyelid"
    assert "since yesterday" in result.slots["twitch_onset"]
    assert set(result.slots) == {"twitch_location", "twitch_onset"}


@pytest.mark.parametrize("opening, learned", [
    ("my forearm has started twitching and I'm scared", "has started"),
    ("lately my cheek keeps flickering", "lately"),
])
def test_onset_words_that_say_neither_when_nor_how_leave_the_question_open(opening, learned):
    """A learned onset span such as "has started" is not an answer to "when did it begin?"."""
    start = opening.index(learned)
    entity = {"entity": "onset", "value": learned, "start": start, "end": start + len(learned),
              "extractor": "DIETClassifier"}
    result = update(Facts(), opening, "describe_twitch", [entity], None)
    assert "twitch_onset" not in result.slots
    answer = update(result.facts, "about three weeks ago", "describe_twitch", [], "twitch_onset")
    assert answer.slots["twitch_onset"] and answer.facts.onset_days == 21
    unsure = update(result.facts, "no idea really", "dont_know", [], "twitch_onset")
    assert "twitch_onset" in unsure.slots, "any answer closes the question"


def test_when_without_how_leaves_only_the_manner_to_ask():
    """"for 2 weeks" says when, not whether it came on suddenly (a reason to see a provider
    when it stays in one muscle): the onset slot stays open for that one question."""
    benign = ("My left calf has been twitching for 2 weeks, a few times a day, for a few seconds "
              "each time. No weakness and no other symptoms.")
    opening = update(Facts(), benign, "describe_twitch", [], None)
    assert "twitch_onset" not in opening.slots
    assert set(INTERVIEW_SLOTS) - set(opening.slots) == {"twitch_onset"}, "at most one question"
    answer = update(opening.facts, "yes, out of nowhere, always the same spot", "affirm", [], "twitch_onset")
    assert answer.understood
    assert answer.slots["twitch_onset"] == "for 2 weeks", "the answer keeps when it began"
    assert answer.facts.onset_days == 14 and answer.facts.onset_kind == "sudden"
    assessment = assess(answer.facts)
    assert assessment.triage == "see_doctor"
    assert [f.code for f in assessment.red_flags] == ["sudden_focal_onset"]


def test_the_manner_is_asked_last_once_everything_else_is_known():
    opening = update(Facts(), "my left calf has been twitching for 2 weeks", "describe_twitch", [], None)
    assert opening.slots["twitch_onset"] == "for 2 weeks", "the form asks the empty slots first"
    facts = opening.facts
    for slot, answer, intent in [("twitch_frequency", "a few times a day", "describe_twitch"),
                                 ("twitch_duration", "a few seconds", "describe_twitch"),
                                 ("weakness", "no", "deny")]:
        facts = update(facts, answer, intent, [], slot).facts
    last = update(facts, "just sore from the gym, nothing else", "faq", [], "other_symptoms")
    assert last.understood, "'nothing else' answers the question, whatever the classifier said"
    assert "twitch_onset" not in last.slots, "now the manner is the one question left"


def test_the_manner_is_not_asked_when_the_advice_is_already_to_see_a_doctor():
    result = update(Facts(), EVERYTHING.replace(", it came on gradually", ""), "describe_twitch", [], None)
    assert result.slots["twitch_onset"] == "for 2 weeks", "twitches with cramps: see a doctor anyway"


@pytest.mark.parametrize("reply, intent, kind", [
    ("/affirm", "affirm", "sudden"), ("no, it built up slowly", "deny", "gradual"),
    ("not sure", "dont_know", "unknown"), ("hmm", None, "unknown"),
])
def test_the_manner_is_asked_once_whatever_the_answer(reply, intent, kind):
    opening = update(Facts(), "my right thigh has been twitching for ten days", "describe_twitch", [], None)
    answer = update(opening.facts, reply, intent, [], "twitch_onset")
    assert answer.facts.onset_kind == kind
    assert answer.slots["twitch_onset"] == "for ten days"


@pytest.mark.parametrize("opening", [
    "twitches all over my body for 3 weeks",
    "my calves and arms have been twitching for 3 weeks",
])
def test_the_manner_is_not_asked_when_the_twitching_is_not_in_one_place(opening):
    result = update(Facts(), opening, "describe_twitch", [], None)
    assert result.slots["twitch_onset"] == "for 3 weeks"


def test_locations_accumulate_without_correction():
    first = update(Facts(), "my eyelid twitches", "describe_twitch", [], None).facts
    second = update(first, "and my calf too", "inform", [], None)
    assert second.slots["twitch_location"] == "eyelid and calf"


@pytest.mark.parametrize(
    "correction",
    ["sorry, I meant my right calf", "actually it's my right calf", "no, it's my right calf",
     "not my left calf, my right calf"],
)
def test_correction_replaces_location(correction):
    first = update(Facts(), "my left calf twitches", "describe_twitch", [], None).facts
    result = update(first, correction, "inform", [], "twitch_onset")
    assert result.facts.locations == ["right calf"]
    assert result.slots["twitch_location"] == "right calf"


def test_correction_replaces_onset():
    first = update(Facts(), "my calf has twitched for 2 weeks", "describe_twitch", [], None).facts
    result = update(first, "actually it's been 3 months ago", "inform", [], None)
    assert result.facts.onset == "3 months ago" and result.facts.onset_days == 90


def test_onset_kept_without_cue_but_replaced_when_asked():
    first = update(Facts(), "calf twitching for 2 weeks", "describe_twitch", [], None).facts
    unasked = update(first, "it happened 3 days ago at the gym", "inform", [], None)
    assert unasked.facts.onset == "for 2 weeks"
    asked = update(first, "about 3 months ago", "inform", [], "twitch_onset")
    assert asked.facts.onset == "about 3 months ago"


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("yes", "affirm", "present"),
        ("yeah a little", None, "present"),
        ("no", "deny", "absent"),
        ("nope", None, "absent"),
        ("not sure", "dont_know", "unknown"),
        ("dunno", None, "unknown"),
        ("I don't know", None, "unknown"),
        ("my grip is weaker", "inform", "present"),
        ("no weakness at all", "deny", "absent"),
    ],
)
def test_weakness_answers(text, intent, expected):
    result = update(Facts(), text, intent, [], "weakness")
    assert result.understood
    assert result.slots["weakness"] == expected


def test_dont_know_weakness_is_recorded():
    facts = update(Facts(), "not sure", "dont_know", [], "weakness").facts
    assert facts.unknown_answers == ["weakness"]
    assert facts.symptoms["weakness"] == "unknown"


def test_later_status_replaces_earlier():
    facts = update(Facts(), "no weakness", "deny", [], "weakness").facts
    result = update(facts, "actually my hand does feel weak", "inform", [], "other_symptoms")
    assert result.facts.symptoms["weakness"] == "present"
    assert result.slots["weakness"] == "present"


@pytest.mark.parametrize("text, intent", [("no", "deny"), ("none", None), ("nothing else", None)])
def test_other_symptoms_none(text, intent):
    result = update(Facts(), text, intent, [], "other_symptoms")
    assert result.understood and result.slots["other_symptoms"] == "none"
    assert result.facts.other_symptoms_answered


def test_other_symptoms_yes_asks_which_ones():
    result = update(Facts(), "yes", "affirm", [], "other_symptoms")
    assert result.understood and result.slots["other_symptoms"] == "none"
    assert result.facts.follow_ups_pending == ["which_symptoms"]


def test_other_symptoms_listed_readably():
    result = update(Facts(), "cramps and pins and needles", "inform", [], "other_symptoms")
    assert result.slots["other_symptoms"] == "cramps, numbness or tingling"


def test_other_symptoms_dont_know():
    result = update(Facts(), "not sure", "dont_know", [], "other_symptoms")
    assert result.slots["other_symptoms"] == "unknown"


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("twitch_onset", "it's been like that since the wedding", "it's been like that since the wedding"),
        ("twitch_frequency", "it depends, usually 10ish", "it depends, usually 10ish"),
        ("twitch_duration", "just seconds really", "just seconds really"),
    ],
)
def test_bare_answers_keep_user_words(slot, text, expected):
    result = update(Facts(), text, "inform", [], slot)
    assert result.understood
    assert result.slots[slot] == expected


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("twitch_location", "the fleshy bit of my thumb", "thumb"),
        ("twitch_frequency", "maybe 10 times?", "10 times"),
        ("twitch_duration", "about a minute or two", "about a minute or two"),
    ],
)
def test_answers_with_entities_keep_the_entity_words(slot, text, expected):
    result = update(Facts(), text, "inform", [], slot)
    assert result.understood
    assert result.slots[slot] == expected


def test_bare_answer_is_trimmed():
    result = update(Facts(), "  since   the wedding, which was ages back and " + "x" * 200, "inform", [], "twitch_onset")
    assert len(result.slots["twitch_onset"]) <= 80


def test_bare_onset_answer_is_parsed():
    result = update(Facts(), "it's been 2 weeks", "inform", [], "twitch_onset")
    assert result.slots["twitch_onset"]
    assert result.facts.onset_days == 14


@pytest.mark.parametrize("slot", ["twitch_onset", "twitch_frequency", "twitch_duration", "twitch_location"])
def test_dont_know_for_free_text_slots(slot):
    result = update(Facts(), "I don't know", "dont_know", [], slot)
    assert result.understood and result.slots[slot] == "unknown"


def test_an_unrelated_answer_is_not_understood():
    result = update(Facts(), "hmm what do you mean", "inform", [], "twitch_duration")
    assert not result.understood
    assert result.slots == {}


@pytest.mark.parametrize("intent, text", [
    ("stop", "stop asking, my hand is weak anyway"),
    ("goodbye", "got to go, bye. my hand is weak"),
    ("report_emergency", "my face is drooping and my hand is weak"),
    ("request_summary", "just summarise it for my GP, my hand is weak"),
])
def test_interruptions_leave_facts_unchanged(intent, text):
    before = update(Facts(), "my calf twitches", "describe_twitch", [], None).facts
    result = update(before, text, intent, [], "weakness")
    assert not result.understood
    assert result.facts.to_dict() == before.to_dict()
    assert result.slots == {"twitch_location": "calf"}


def test_rasa_entities_are_merged_and_deduplicated():
    text = "my left calf twitches"
    diet = [{"entity": "body_location", "value": "calf", "start": 8, "end": 12, "extractor": "DIETClassifier"}]
    result = update(Facts(), text, "describe_twitch", diet, None)
    assert result.facts.locations == ["left calf"]


def test_previous_facts_are_not_mutated():
    before = Facts(locations=["eyelid"])
    update(before, "and my calf", "inform", [], "twitch_location")
    assert before.locations == ["eyelid"]


def test_merge_unites_lists_and_keeps_real_values():
    a = Facts(locations=["eyelid"], onset="for a week", triggers=["caffeine"], unknown_answers=["twitch_duration"])
    b = Facts(locations=["calf"], onset="yesterday", triggers=["stress_anxiety"], duration="a second")
    merged = merge(a, b)
    assert merged.locations == ["eyelid", "calf"]
    assert merged.onset == "for a week"
    assert merged.triggers == ["caffeine", "stress_anxiety"]
    assert merged.duration == "a second" and merged.unknown_answers == []


def test_a_ragged_learned_span_never_replaces_a_clean_pattern_one():
    # DIET once returned "slurred speech or" (no code) over the pattern's "slurred speech"
    text = "I don't have slurred speech or trouble swallowing"
    start = text.index("slurred")
    learned = [{"entity": "symptom", "value": "slurred speech or", "start": start,
                "end": start + len("slurred speech or"), "extractor": "DIETClassifier"}]
    result = update(Facts(), text, "describe_twitch", learned, None)
    assert result.facts.symptoms.get("slurred_speech") == "absent"
    assert result.facts.symptoms.get("trouble_swallowing") == "absent"


@pytest.mark.parametrize("text", ["is this ALS?", "can MS cause twitching", "what tests will the doctor do",
                                  "How do I stop it", "does caffeine matter?", "and MS?"])
def test_questions_are_recognised(text):
    from twitch_knowledge.interview import is_question
    assert is_question(text)


@pytest.mark.parametrize("text", ["no, strength is normal", "no, just normal soreness", "when I wake up",
                                  "can't say", "about a week", "hard to say, it ripples for a while"])
def test_answers_are_not_mistaken_for_questions(text):
    from twitch_knowledge.interview import is_question
    assert not is_question(text)


def test_a_question_still_records_what_it_says_about_the_symptoms():
    before = update(Facts(), "my calf twitches", "describe_twitch", [], None).facts
    result = update(before, "is it ALS? my hand is weak", "faq", [], "weakness")
    assert result.facts.symptoms.get("weakness") == "present"


@pytest.mark.parametrize("intent,text,understood,just,expected", [
    ("stop", "stop", True, False, True),
    ("report_emergency", "I can't breathe", True, False, True),
    ("describe_twitch", "   ", False, False, True),
    ("faq", "is this ALS?", True, False, True),
    ("faq", "no, strength is normal", True, False, False),
    ("faq", "it ripples", False, False, True),
    ("faq", "it ripples", False, True, False),
    ("describe_twitch", "about a week", True, False, False),
    ("out_of_scope", "since my holiday", True, False, False),
])
def test_when_the_interview_steps_aside(intent, text, understood, just, expected):
    from twitch_knowledge.interview import steps_aside
    assert steps_aside(intent, text, understood, just) is expected


@pytest.mark.parametrize("text, answered", [
    ("my calf twitches, no other symptoms", True),
    ("eyelid twitching, nothing else going on", True),
    ("my calf twitches and I can't take this no more", False),
    ("my calf twitches, no problems otherwise", False),
])
def test_no_other_symptoms_in_any_message_answers_that_question(text, answered):
    result = update(Facts(), text, "describe_twitch", [], None)
    assert ("other_symptoms" in result.slots) is answered


@pytest.mark.parametrize("text, intent, slot, expected", [
    ("lots through the day", "stop", "twitch_frequency", "lots through the day"),
    ("all through the day", "goodbye", "twitch_frequency", "all through the day"),
    ("till i put my heel down", "request_summary", "twitch_duration", "till i put my heel down"),
    ("no, my arms are as strong as ever", "report_emergency", "weakness", "absent"),
])
def test_a_classifier_slip_on_an_answer_is_still_an_answer(text, intent, slot, expected):
    """The words, not the classifier alone, decide whether a message ends the interview."""
    assert not interrupts(intent, text)
    before = update(Facts(), "my calf twitches", "describe_twitch", [], None).facts
    result = update(before, text, intent, [], slot)
    assert result.understood
    assert result.slots[slot] == expected


@pytest.mark.parametrize("intent, text", [
    ("stop", "stop"), ("stop", "I'm done with this"), ("stop", "forget it"), ("stop", "cancel please"),
    ("goodbye", "bye"), ("goodbye", "gotta run, thanks"), ("goodbye", "have a lovely day"),
    ("request_summary", "can you sum it all up"), ("request_summary", "make me a list for my GP"),
    ("report_emergency", "I suddenly can't move my left arm"),
])
def test_real_interruptions_are_recognised(intent, text):
    assert interrupts(intent, text)


def test_the_same_spot_named_twice_is_still_one_place():
    facts = update(Facts(), "I've had a twitch in my right thigh for about ten days",
                   "describe_twitch", [], None).facts
    facts = update(facts, "many times a day, always that same spot just above the knee",
                   "describe_twitch", [], "twitch_frequency").facts
    assert len(facts.locations) == 2
    assert asks_onset_kind(facts)


@pytest.mark.parametrize("text", [
    "I have MS and my legs go tight and stiff and spasm",
    "I keep getting charley horses in my calves at night",
])
def test_a_stiff_or_cramping_movement_does_not_answer_other_symptoms(text):
    """The movement itself is not an answer to "any other symptoms?": that is still asked."""
    result = update(Facts(), text, "describe_twitch", [], None)
    assert "other_symptoms" not in result.slots


def test_cramps_on_top_of_twitching_are_other_symptoms():
    result = update(Facts(), "my calf twitches all day and I get cramps at night too", "describe_twitch", [], None)
    assert result.slots["other_symptoms"] == "cramps"



@pytest.mark.parametrize("text", [
    "no, no weakness, I finished the walk fine once it let go",
    "it isnt stopping",
    "started 5 days ago, near the end of the bug",
    "it won't stop twitching",
    "the twitch is done in a second or two",
])
def test_an_answer_that_sounds_like_stopping_stays_in_the_interview(text):
    """Read as "stop" by the classifier, but the words answer the question."""
    assert not interrupts("stop", text)


@pytest.mark.parametrize("text", [
    "stop",
    "I want to stop",
    "stop asking me about weakness",
    "please stop, my leg is twitching too much to type",
    "bye, my calf is still twitching",
    "that's enough for today",
    "I'm done",
    "can we end this",
])
def test_a_real_stop_still_leaves(text):
    assert interrupts("stop", text)


@pytest.mark.parametrize("text", [
    "a bit sore today, otherwise nothing",
    "apart from that I'm fine",
    "other than that no",
    "nothing besides the twitch",
])
def test_nothing_besides_it_answers_the_other_symptoms_question(text):
    result = update(Facts(), text, "out_of_scope", [], "other_symptoms")
    assert result.understood and result.slots["other_symptoms"] == "none"


def test_otherwise_fine_in_an_opening_message_still_gets_the_question():
    result = update(Facts(), "my eyelid twitches, otherwise I'm fine", "describe_twitch", [], None)
    assert "other_symptoms" not in result.slots


def test_not_sure_about_other_symptoms_is_never_asked_again_after_a_cramp():
    """hc06: a cramp (the movement itself) must not erase the "not sure" given to
    "any other symptoms?", or the question comes back after the next answer."""
    facts = update(Facts(), "Got a nasty cramp in the back of my thigh on a hill walk yesterday",
                   "describe_twitch", [], None).facts
    from twitch_knowledge.interview import mark_unknown, slots_from_facts
    mark_unknown(facts, "other_symptoms")
    later = update(facts, "yesterday afternoon on the walk", "describe_twitch", [], "twitch_onset")
    assert later.slots["other_symptoms"] == "unknown"
    assert slots_from_facts(later.facts)["other_symptoms"] == "unknown"


# ------------------------------------------- issue 14: unknown is not absent, follow-ups
from twitch_knowledge.interview import next_question, needs_same_muscle  # noqa: E402

SIX = {"twitch_location": "calf", "twitch_onset": "a week", "twitch_frequency": "daily",
       "twitch_duration": "seconds", "weakness": "absent", "other_symptoms": "none"}


def _benign() -> Facts:
    return update(Facts(), "my left calf has twitched a few times a day for a week, a few seconds each, no weakness",
                  "describe_twitch").facts


@pytest.mark.parametrize("answer", ["a bit of a headache", "my head feels funny", "weird feeling in my chest"])
def test_an_unknown_symptom_is_kept_in_the_persons_words_and_clarified(answer):
    result = update(_benign(), answer, "inform", [], "other_symptoms")
    facts = result.facts
    assert result.understood and facts.unrecognised_symptoms == [answer]
    assert next_question(facts, result.slots) == "which_symptoms"
    assessment = assess(facts)
    assert assessment.triage == "see_doctor"
    assert "reason_unrecognised_symptoms" in assessment.reasons


def test_the_clarified_symptom_takes_its_code_and_keeps_the_words():
    asked = update(_benign(), "pins in my feet", "inform", [], "other_symptoms").facts
    facts = update(asked, "numbness or tingling", "inform", [], "which_symptoms").facts
    assert facts.symptom("numbness_tingling") == "present"
    assert facts.unrecognised_symptoms == []
    assert "pins in my feet" in facts.evidence["numbness_tingling"]
    assert next_question(facts, SIX) is None  # asked once


def test_something_else_stays_unrecognised_and_leads_to_a_provider():
    asked = update(_benign(), "a bit of a headache", "inform", [], "other_symptoms").facts
    facts = update(asked, "something else", "inform", [], "which_symptoms").facts
    assert facts.unrecognised_symptoms[0] == "a bit of a headache"
    assert assess(facts).triage == "see_doctor"


def test_yes_then_not_sure_which_still_counts():
    asked = update(_benign(), "yes", "affirm", [], "other_symptoms").facts
    facts = update(asked, "not sure", "dont_know", [], "which_symptoms").facts
    assert facts.unrecognised_symptoms and assess(facts).triage == "see_doctor"


@pytest.mark.parametrize("answer, code", [
    ("blurry vision in one eye", "vision_changes"),
    ("balance is off and my feet feel numb", "balance_coordination"),
    ("feeling dizzy when i stand", "balance_coordination"),
    ("brain fog", "confusion"),
])
def test_symptoms_the_articles_name_are_known_now(answer, code):
    facts = update(_benign(), answer, "inform", [], "other_symptoms").facts
    assert facts.symptom(code) == "present" and not facts.unrecognised_symptoms
    assert assess(facts).triage == "see_doctor"


@pytest.mark.parametrize("answer", ["no", "nothing else", "not that i've noticed", "all good", "just the twitching",
                                    "just tired from work"])
def test_a_no_in_any_words_asks_nothing_more(answer):
    result = update(_benign(), answer, None, [], "other_symptoms")
    assert result.understood and not result.facts.unrecognised_symptoms
    assert next_question(result.facts, result.slots) not in ("which_symptoms", "other_symptoms")
    assert assess(result.facts).triage == "self_care"


def test_sudden_start_in_one_place_asks_whether_it_stays_there():
    facts = update(Facts(), "my left forearm started twitching suddenly on monday", "describe_twitch").facts
    assert facts.onset_kind == "sudden" and needs_same_muscle(facts)
    assert next_question(facts, SIX) == "same_muscle"
    yes = update(facts, "yes always the same spot", "affirm", [], "same_muscle").facts
    assert assess(yes).has_flag("sudden_focal_onset") and assess(yes).triage == "see_doctor"
    no = update(facts, "no it moves around", "deny", [], "same_muscle").facts
    assert not assess(no).has_flag("sudden_focal_onset")
    assert next_question(no, SIX) is None and next_question(yes, SIX) is None


def test_yes_suddenly_to_the_onset_question_reaches_the_same_muscle_question():
    facts = update(Facts(), "my cheek twitches, for ten days now, a few times a day, seconds, no weakness, nothing else",
                   "describe_twitch").facts
    assert asks_onset_kind(facts)
    sudden = update(facts, "Yes, suddenly", "affirm", [], "twitch_onset").facts
    assert sudden.onset_kind == "sudden" and needs_same_muscle(sudden)


def test_no_more_than_is_an_answer_not_a_stop():
    assert not interrupts("stop", "no more than after the stroke, i got most of the strength back")


def test_denying_weakness_in_other_words_answers_the_question():
    # "grip fine, not dropping stuff" used to leave the question open: asked three times
    result = update(_benign(), "nah, gaming fine, grip fine, not dropping stuff", "deny", [], "weakness")
    assert result.understood and result.slots["weakness"] == "absent"


def test_a_read_answer_that_still_leaves_the_slot_open_is_not_taken_as_understood():
    facts = update(Facts(), "my calf twitches", "describe_twitch").facts
    result = update(facts, "my arm", "inform", [], "twitch_onset")
    assert not result.understood  # the form notes "not sure" instead of asking again


@pytest.mark.parametrize("text, unexplained", [
    ("im exhausted all the time even tho i sleep like 9 hours, and now my thighs twitch", True),
    ("no idea why im so tired and my calf twitches", True),
    ("i'm knackered from night shifts and my eyelid twitches", False),
    ("I'm stressed at work, not sleeping well, and my calf twitches", False),
])
def test_unexplained_tiredness_is_a_symptom_not_a_trigger(text, unexplained):
    facts = update(Facts(), text, "describe_twitch").facts
    assert bool(facts.unrecognised_symptoms) is unexplained
    assert ("tiredness_sleep" in facts.triggers) is not unexplained


def test_tiredness_offered_as_another_symptom_counts_unless_explained():
    assert update(_benign(), "the tiredness", None, [], "other_symptoms").facts.unrecognised_symptoms
    assert not update(_benign(), "just tired from work", None, [], "other_symptoms").facts.unrecognised_symptoms


def test_same_little_spot_and_all_at_once():
    facts = update(Facts(), "my cheek started jumping suddenly about 3 weeks ago and it's always the same little spot",
                   "describe_twitch").facts
    assert facts.onset_kind == "sudden" and "same_spot" in facts.patterns
    assert assess(facts).has_flag("sudden_focal_onset")
    onset = update(Facts(), "came on all at once about 10 days ago, one minute fine next minute twitching",
                   "inform", [], "twitch_onset").facts
    assert onset.onset_kind == "sudden"


def test_a_task_harder_on_one_side_is_weakness():
    facts = update(_benign(), "getting up from the sofa is harder on that side", None, [], "weakness").facts
    assert facts.symptom("weakness") == "present"


@pytest.mark.parametrize("answer", [
    "yes, my tongue seems to flicker when I look at it in the mirror",
    "um when i looked in the mirror last night my tongue was kind of flickering on its own with little ripples",
])
def test_a_twitch_somewhere_else_answers_other_symptoms_and_counts(answer):
    result = update(_benign(), answer, "inform", [], "other_symptoms")
    facts = result.facts
    assert result.understood and not facts.unrecognised_symptoms
    assert next_question(facts, result.slots) != "which_symptoms"
    assessment = assess(facts)
    assert assessment.triage == "see_doctor_soon"
    assert "tongue_twitching" in [flag.code for flag in assessment.red_flags]


@pytest.mark.parametrize("answer", ["cant go up on my right tiptoes as well as the left",
                                    "its a bit harder on that side", "i struggle to grip the kettle"])
def test_an_answer_to_the_weakness_question_that_names_a_difficulty_is_a_yes(answer):
    facts = update(_benign(), answer, None, [], "weakness").facts
    assert facts.symptom("weakness") == "present" or facts.symptom("difficulty_gripping") == "present"
    assert assess(facts).triage == "see_doctor_soon"


@pytest.mark.parametrize("answer", ["can't tell really", "no trouble at all", "not weaker no",
                                    "the strength seems alright, it's the stiffness that's the trouble"])
def test_a_doubt_or_a_denied_difficulty_is_not_weakness(answer):
    assert update(_benign(), answer, None, [], "weakness").facts.symptom("weakness") != "present"


@pytest.mark.parametrize("answer", ["sore legs from the race but thats it", "just the usual DOMS, nothing weird"])
def test_soreness_put_down_to_exercise_is_the_exercise_not_an_unknown_symptom(answer):
    result = update(_benign(), answer, None, [], "other_symptoms")
    assert not result.facts.unrecognised_symptoms
    assert "exercise" in result.facts.triggers
    assert next_question(result.facts, result.slots) != "which_symptoms"
