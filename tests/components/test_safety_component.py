"""The custom NLU component on real Rasa messages (no trained model needed)."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.safety import ClinicalSafetyAnnotator


def _message(text: str, intent: str = "describe_twitch", entities: List[Dict[str, Any]] = ()) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.8}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 0.8},
                                   {"name": "faq", "confidence": 0.1}], add_to_output=True)
    message.set("entities", [dict(e) for e in entities], add_to_output=True)
    return message


def _entity(text: str, words: str, entity: str, value: str = None, extractor: str = "DIETClassifier"):
    start = text.index(words)
    return {"entity": entity, "value": value or words, "start": start,
            "end": start + len(words), "extractor": extractor}


def _run(message: Message) -> Message:
    [processed] = ClinicalSafetyAnnotator({}).process([message])
    return processed


def test_negated_symptoms_are_marked_absent():
    text = "my calf twitches but there is no weakness and I don't have trouble swallowing"
    message = _run(_message(text, entities=[
        _entity(text, "weakness", "symptom"),
        _entity(text, "trouble swallowing", "symptom", "trouble_swallowing"),
        _entity(text, "twitches", "movement", extractor="SpacyEntityExtractor"),
    ]))
    by_value = {e["value"]: e for e in message.get("entities")}
    assert by_value["weakness"]["status"] == "absent"
    assert by_value["trouble_swallowing"]["status"] == "absent"
    assert "status" not in by_value["flicker"], "the twitch itself is present"


def test_pattern_words_become_codes():
    text = "my eyelid flickers and I keep tripping"
    message = _run(_message(text, entities=[
        _entity(text, "flickers", "movement", extractor="SpacyEntityExtractor"),
        _entity(text, "keep tripping", "symptom", extractor="SpacyEntityExtractor"),
    ]))
    assert {e["value"] for e in message.get("entities")} == {"flicker", "foot_drop"}


def test_uncertainty_is_marked():
    text = "not sure if there is any weakness"
    message = _run(_message(text, entities=[_entity(text, "weakness", "symptom")]))
    assert message.get("entities")[0]["status"] == "uncertain"


def test_emergency_signs_override_the_intent():
    message = _run(_message("my calf twitches and now my face is drooping and I can't speak properly",
                            intent="describe_twitch"))
    assert message.get("intent") == {"name": "report_emergency", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "report_emergency"


def test_denied_emergency_signs_do_not_override():
    text = "eyelid twitching, no trouble breathing, no fever"
    message = _run(_message(text, intent="describe_twitch", entities=[
        _entity(text, "eyelid", "body_location", extractor="SpacyEntityExtractor"),
        _entity(text, "twitching", "movement", extractor="SpacyEntityExtractor"),
    ]))
    assert message.get("intent")["name"] == "describe_twitch"


def test_button_payloads_are_left_alone():
    message = _run(_message("/deny", intent="deny"))
    assert message.get("intent")["name"] == "deny"


def test_empty_messages_are_never_guessed():
    for text in ["", "   \n\t "]:
        message = _run(_message(text, intent="describe_twitch"))
        assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}


def test_the_safety_component_has_the_last_word_in_the_pipeline():
    # Anything after it (FallbackClassifier's ambiguity check did) could turn a forced
    # emergency back into another intent.
    import yaml
    from pathlib import Path

    config = yaml.safe_load((Path(__file__).resolve().parents[2] / "config.yml").read_text())
    assert config["pipeline"][-1]["name"] == "components.safety.ClinicalSafetyAnnotator"


def _fallback(text: str, ranking, entities) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.45}, add_to_output=True)
    message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.45}]
                + [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    message.set("entities", entities, add_to_output=True)
    return message


def test_an_unsure_classifier_never_drops_a_twitch_description():
    text = "My GP gave me prednisolone, I'm on day ten, and my arms have started twitching. Is that the steroids?"
    message = _run(_fallback(text, [("faq", 0.41), ("describe_twitch", 0.38), ("stop", 0.1)],
                             [_entity(text, "twitching", "movement", extractor="SpacyEntityExtractor")]))
    assert message.get("intent")["name"] == "faq"
    assert message.get("intent")["confidence"] == 0.41, "the classifier's own confidence is kept"


def test_a_fallback_without_a_twitch_stays_a_fallback():
    text = "what is the capital of peru"
    message = _run(_fallback(text, [("out_of_scope", 0.4), ("faq", 0.39)], []))
    assert message.get("intent")["name"] == "nlu_fallback"


def test_a_denied_twitch_does_not_rescue_a_fallback():
    text = "no twitching, I just feel tired all the time"
    message = _run(_fallback(text, [("describe_twitch", 0.4), ("out_of_scope", 0.39)],
                             [_entity(text, "twitching", "movement", extractor="SpacyEntityExtractor")]))
    assert message.get("intent")["name"] == "nlu_fallback"


def _classified(text: str, ranking, entities) -> Message:
    message = Message(data={"text": text})
    (top, confidence) = ranking[0]
    message.set("intent", {"name": top, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    message.set("entities", entities, add_to_output=True)
    return message


def _patterns(text: str, *spans):
    return [_entity(text, words, kind, extractor="SpacyEntityExtractor") for words, kind in spans]


def test_a_twitch_description_is_never_dismissed_as_off_topic():
    text = ("im 16 and the doctor gave me steroid tablets for a really bad eczema flare, "
            "and since i started them my legs keep twitching")
    message = _run(_classified(text, [("out_of_scope", 0.7), ("describe_twitch", 0.2), ("faq", 0.05)],
                               _patterns(text, ("legs", "body_location"), ("twitching", "movement"))))
    assert message.get("intent") == {"name": "describe_twitch", "confidence": 0.2}


def test_a_mention_of_the_chatbot_does_not_hide_the_description():
    text = ("I keep getting these jumps in my thighs, and my friend who's a physio said "
            "I should at least ask a chatbot, so here I am")
    message = _run(_classified(text, [("bot_challenge", 0.6), ("faq", 0.3), ("describe_twitch", 0.1)],
                               _patterns(text, ("jumps", "movement"), ("thighs", "body_location"))))
    assert message.get("intent")["name"] == "faq", "the likelier of describe_twitch and faq"


def test_a_twitch_word_without_a_body_part_stays_off_topic():
    text = "how do I stream on twitch?"
    message = _run(_classified(text, [("out_of_scope", 0.8), ("describe_twitch", 0.1)],
                               _patterns(text, ("twitch", "movement"))))
    assert message.get("intent")["name"] == "out_of_scope"


def test_a_denied_twitch_stays_off_topic():
    text = "no twitching in my legs, I have a rash on my arm"
    message = _run(_classified(text, [("out_of_scope", 0.8), ("describe_twitch", 0.1)],
                               _patterns(text, ("twitching", "movement"), ("legs", "body_location"))))
    assert message.get("intent")["name"] == "out_of_scope"


def test_a_greeting_with_a_description_starts_the_interview():
    text = "Hi, my legs have been twitching for about five weeks, my friend said to check"
    message = _run(_classified(text, [("greet", 0.9), ("describe_twitch", 0.08)],
                               _patterns(text, ("legs", "body_location"), ("twitching", "movement"))))
    assert message.get("intent")["name"] == "describe_twitch"


def test_a_plain_greeting_stays_a_greeting():
    message = _run(_classified("hi there, good morning", [("greet", 0.95), ("describe_twitch", 0.01)], []))
    assert message.get("intent")["name"] == "greet"


def _description(text: str, intent: str, movement: str, place: str) -> Message:
    return _message(text, intent=intent, entities=[
        _entity(text, movement, "movement", extractor="SpacyEntityExtractor"),
        _entity(text, place, "body_location", extractor="SpacyEntityExtractor"),
    ])


def test_a_description_read_as_stop_or_goodbye_starts_the_interview():
    text = ("My legs do this twitchy jumping thing once I'm in bed, sort of all over the calves "
            "and thighs, and I really don't know what to make of it, my partner says I should just ask someone")
    for intent in ("stop", "goodbye"):
        message = _run(_description(text, intent, "jumping", "calves"))
        assert message.get("intent")["name"] in ("describe_twitch", "faq"), intent


def test_words_that_leave_still_leave_even_with_a_description():
    for text, intent in [("stop asking, my calf twitches and that's all", "stop"),
                         ("bye, my calf twitches less now", "goodbye"),
                         ("no more questions please, my calf twitches", "stop")]:
        message = _run(_description(text, intent, "twitches", "calf"))
        assert message.get("intent")["name"] == intent, text


@pytest.mark.parametrize("text, guess, reply", [
    ("au revoir", "describe_twitch", "goodbye"),
    ("Cheerio!", "thank", "goodbye"),
    ("no thanks", "thank", "deny"),
    ("definitely", "deny", "affirm"),
    ("🤷", "affirm", "dont_know"),
    ("hola", "out_of_scope", "greet"),
])
def test_a_listed_short_reply_is_read_as_itself(text, guess, reply):
    message = _run(_classified(text, [(guess, 0.9), (reply, 0.05)], []))
    assert message.get("intent") == {"name": reply, "confidence": 1.0}


def test_an_emergency_is_never_read_as_a_short_reply():
    # The short reply rule comes after the emergency rule, whatever the words.
    text = "yes, and now one side of my face is drooping"
    message = _run(_classified(text, [("affirm", 0.9)], []))
    assert message.get("intent")["name"] == "report_emergency"


@pytest.mark.parametrize("text, movement, place", [
    ("hip twitches", "twitches", "hip"),
    ("fasciculations in both legs", "fasciculations", "legs"),
    ("I'm worried I have ALS because my calf is twitching", "twitching", "calf"),
])
def test_a_statement_read_as_a_question_is_a_description(text, movement, place):
    message = _run(_description(text, "faq", movement, place))
    assert message.get("intent")["name"] == "describe_twitch"


@pytest.mark.parametrize("text, movement, place", [
    ("is thigh twitching common", "twitching", "thigh"),
    ("my ankle bounces up and down rhythmically, what is that called", "bounces", "ankle"),
    ("can dehydration make your calves twitch", "twitch", "calves"),
])
def test_a_question_stays_a_question(text, movement, place):
    message = _run(_description(text, "faq", movement, place))
    assert message.get("intent")["name"] == "faq"


def test_a_description_that_names_nothing_takes_the_next_reading():
    text = "I've got shingles"
    message = _run(_classified(text, [("describe_twitch", 0.9), ("out_of_scope", 0.08), ("faq", 0.02)], []))
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 0.08}


def test_a_description_that_names_nothing_is_never_read_as_leaving():
    # "seconds" answers how long it lasts: it may become off-topic, which the interview
    # still takes as its answer, but never a goodbye that would end the interview.
    text = "seconds"
    message = _run(_classified(text, [("describe_twitch", 0.9), ("goodbye", 0.06), ("faq", 0.04)], []))
    assert message.get("intent")["name"] == "out_of_scope"


@pytest.mark.parametrize("text, intent", [
    ("not weak just wiped out", "deny"),  # holdout6 hs57: the weakness answer
    ("i cant clear my throat", "describe_twitch"),
])
def test_a_deletion_request_must_be_in_the_words(text, intent):
    message = _run(_classified(text, [("forget_me", 0.7), (intent, 0.2), ("faq", 0.1)], []))
    assert message.get("intent")["name"] == intent


def test_a_real_deletion_request_stays_one():
    message = _run(_classified("please wipe this chat", [("forget_me", 0.7), ("deny", 0.3)], []))
    assert message.get("intent")["name"] == "forget_me"


def test_a_description_that_names_something_stays_a_description():
    text = "a split second"
    message = _run(_classified(text, [("describe_twitch", 0.9), ("out_of_scope", 0.1)],
                               _patterns(text, ("a split second", "duration"))))
    assert message.get("intent")["name"] == "describe_twitch"


def test_a_question_about_a_twitch_that_gives_no_time_is_a_question():
    text = "what is that little flicker under my skin"
    message = _run(_classified(text, [("describe_twitch", 0.9), ("faq", 0.1)],
                               _patterns(text, ("flicker", "movement"), ("skin", "body_location"))))
    assert message.get("intent") == {"name": "faq", "confidence": 0.1}


def test_a_question_that_gives_the_time_course_stays_a_description():
    text = "could my twitching be multiple sclerosis, my arm has been going for weeks"
    message = _run(_classified(text, [("describe_twitch", 0.9), ("faq", 0.1)],
                               _patterns(text, ("twitching", "movement"), ("arm", "body_location"),
                                         ("for weeks", "onset"))))
    assert message.get("intent")["name"] == "describe_twitch"


# --------------------------------------------------------------- rule 12: one word
def _pattern(text: str, words: str, entity: str, value: str = None):
    return _entity(text, words, entity, value, extractor="SpacyEntityExtractor")


@pytest.mark.parametrize("text,entities,classified", [
    ("twitching", [("twitching", "movement", "twitching")], "nlu_fallback"),
    ("spasms", [("spasms", "movement", "spasms")], "out_of_scope"),
    ("twitches", [("twitches", "movement", "twitches")], "greet"),
    ("eye twitch", [("eye", "body_location", None), ("twitch", "movement", "twitch")], "bot_challenge"),
    ("jerks", [("jerks", "movement", "jerks")], "faq"),
    ("my calf twitching!", [("calf", "body_location", None), ("twitching", "movement", "twitching")],
     "stop"),
    ("Muscle twitching", [("twitching", "movement", "twitching")], "nlu_fallback"),
])
def test_a_one_word_description_starts_the_interview(text, entities, classified):
    message = _run(_message(text, intent=classified, entities=[
        _pattern(text, words, kind, value) for words, kind, value in entities]))
    assert message.get("intent")["name"] == "describe_twitch"


@pytest.mark.parametrize("text,entities,classified", [
    ("no twitching", [("twitching", "movement", "twitching")], "deny"),  # denied
    ("how do I stream on twitch", [("twitch", "movement", "twitch")], "out_of_scope"),
    ("what is a twitch", [("twitch", "movement", "twitch")], "faq"),
    ("calf", [("calf", "body_location", None)], "nlu_fallback"),  # no movement
])
def test_more_than_a_twitch_word_is_left_to_the_other_rules(text, entities, classified):
    message = _run(_message(text, intent=classified, entities=[
        _pattern(text, words, kind, value) for words, kind, value in entities]))
    assert message.get("intent")["name"] == classified


def test_an_emergency_still_wins_over_a_one_word_description():
    message = _run(_message("twitching and I can't breathe", intent="describe_twitch"))
    assert message.get("intent")["name"] == "report_emergency"


# --------------------------------------------------------- rule 13: another language
def test_a_spanish_first_message_is_a_fallback_in_spanish_not_a_greeting():
    message = _run(_message("hola, me tiembla el párpado", intent="greet"))
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get("foreign_language") == "es"
    assert message.as_dict(only_output_properties=True)["foreign_language"] == "es"


@pytest.mark.parametrize("text,code", [
    ("mein Augenlid zuckt seit einer Woche", "de"),
    ("j'ai des contractions dans le mollet depuis une semaine", "fr"),
])
def test_other_languages_are_named(text, code):
    message = _run(_message(text, intent="describe_twitch"))
    assert message.get("foreign_language") == code
    assert message.get("intent")["name"] == "nlu_fallback"


def test_english_chat_is_not_sent_to_the_language_reply():
    for text in ("lol ok idk tbh", "ngl my calf", "kinda constant ngl", "that's everything, what do you think?"):
        message = _run(_message(text, intent="out_of_scope"))
        assert message.get("foreign_language") is None, text
        assert message.get("intent")["name"] == "out_of_scope", text


def test_a_pattern_entity_means_english():
    text = "mein Augenlid zuckt seit einer Woche calf"
    message = _run(_message(text, intent="describe_twitch",
                            entities=[_pattern(text, "calf", "body_location")]))
    assert message.get("foreign_language") is None


@pytest.mark.parametrize("text", ["help", "pls help me!!", "SOS"])
def test_rule_14_a_plea_for_help_goes_to_the_fallback_action_whatever_the_classifier_said(text):
    message = _message(text, intent="greet")
    ClinicalSafetyAnnotator({}).process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize("text, part, intent", [
    # rule 12, second form: a part of the body that is the usual trouble is a description
    ("eye thing again", "eye", "describe_twitch"),
    ("my calf is playing up again", "calf", "describe_twitch"),
    # a part of the body with other words is left to the classifier
    ("my knee hurts", "knee", "out_of_scope"),
    ("eye test tomorrow", "eye", "out_of_scope"),
])
def test_rule_12_a_part_of_the_body_alone_is_a_description_only_as_the_usual_trouble(text, part, intent):
    start = text.index(part)
    entity = {"entity": "body_location", "value": part, "start": start, "end": start + len(part),
              "extractor": "SpacyEntityExtractor"}
    message = _message(text, intent="out_of_scope", entities=[entity])
    ClinicalSafetyAnnotator({}).process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize("intent", ["stop", "goodbye"])
def test_rule_15_a_stop_or_goodbye_that_is_not_in_the_words_is_not_understood(intent):
    message = _message("zxcvbnm", intent=intent)
    ClinicalSafetyAnnotator({}).process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_rule_15_a_real_stop_stays_a_stop():
    message = _message("stop asking me questions", intent="stop")
    ClinicalSafetyAnnotator({}).process([message])
    assert message.get("intent")["name"] == "stop"
