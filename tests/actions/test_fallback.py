"""action_fallback and the emergency reminder, on tracker fixtures (what the person sees)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions.assessment import ActionEmergency
from actions.conversation import ActionAnswerQuestion
from actions.fallback import (
    BUTTONS, EMERGENCY_REMINDER, FIRST_TEXT, IN_INTERVIEW_BUTTONS, NOTED_TOPICS, ActionFallback,
    noted_topic,
)
from tests.actions.conftest import make_tracker

ROOT_DOMAIN_PATH = Path(__file__).resolve().parents[2] / "domain.yml"


def _turns(history: List[str], reply_action: str = "action_fallback") -> List[Dict[str, Any]]:
    """Events of earlier turns: each message answered by ``reply_action``."""
    events: List[Dict[str, Any]] = [{"event": "action", "name": "action_session_start"},
                                    {"event": "session_started"},
                                    {"event": "action", "name": "action_listen"}]
    for text in history:
        events += [{"event": "user", "text": text, "parse_data": {"intent": {"name": "nlu_fallback"}}},
                   {"event": "action", "name": reply_action},
                   {"event": "action", "name": "action_listen"}]
    return events


def _tracker(text: str, history: List[str], slots: Optional[Dict[str, Any]] = None,
             active_loop: Optional[str] = None, reply_action: str = "action_fallback",
             **latest: Any) -> Tracker:
    tracker = make_tracker(text, intent="nlu_fallback", slots=slots, active_loop=active_loop)
    tracker.events = _turns(history, reply_action) + [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "nlu_fallback"}}}]
    tracker.latest_message.update(latest)
    return tracker


async def _reply(tracker: Tracker, dispatcher, domain) -> Dict[str, Any]:
    await ActionFallback().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    return message


def _titles(message: Dict[str, Any]) -> List[str]:
    return [b["title"] for b in message.get("buttons") or []]


async def test_the_first_fallback_is_the_default_sentence_without_buttons(dispatcher, domain):
    message = await _reply(_tracker("asdf", []), dispatcher, domain)
    assert message["text"] == FIRST_TEXT
    assert not message.get("buttons")


async def test_the_second_in_a_row_is_another_sentence_with_three_buttons(dispatcher, domain):
    message = await _reply(_tracker("qwerty", ["asdf"]), dispatcher, domain)
    assert message["text"] != FIRST_TEXT
    assert _titles(message) == ["Describe my twitching", "Ask a question", "Start again"]
    assert [b["payload"] for b in message["buttons"]] == ["/describe_twitch", "/faq", "/restart"]


async def test_the_third_quotes_the_message_and_no_sentence_comes_three_times(dispatcher, domain):
    texts = []
    history: List[str] = []
    for word in ["asdf", "qwerty", "zxcv", "zxcv", "zxcv", "zxcv"]:
        dispatcher.messages.clear()
        message = await _reply(_tracker(word, history), dispatcher, domain)
        texts.append(message["text"])
        history.append(word)
        if len(history) >= 2:
            assert _titles(message) == [b["title"] for b in BUTTONS]
    assert '"zxcv"' in texts[2]
    assert len(set(texts[:5])) == 5, texts
    assert max(texts.count(t) for t in texts) < 3


async def test_a_message_understood_in_between_starts_the_count_again(dispatcher, domain):
    tracker = _tracker("asdf", ["blah"], reply_action="utter_greet")
    message = await _reply(tracker, dispatcher, domain)
    assert message["text"] == FIRST_TEXT


async def test_a_restart_starts_the_count_again(dispatcher, domain):
    tracker = _tracker("asdf", ["blah", "blah"])
    tracker.events[-1:-1] = [{"event": "restart"}]
    message = await _reply(tracker, dispatcher, domain)
    assert message["text"] == FIRST_TEXT


async def test_in_the_interview_the_buttons_fit_the_interview(dispatcher, domain):
    message = await _reply(_tracker("??", ["..."], active_loop="twitch_form"), dispatcher, domain)
    assert _titles(message) == [b["title"] for b in IN_INTERVIEW_BUTTONS]
    assert "/stop" in [b["payload"] for b in message["buttons"]]


async def test_after_an_emergency_every_fallback_says_again_what_to_do(dispatcher, domain):
    for history in ([], ["x"], ["x", "y"]):
        dispatcher.messages.clear()
        message = await _reply(_tracker("what do i do now", history,
                                        slots={"emergency_reported": True}), dispatcher, domain)
        assert message["text"].endswith(EMERGENCY_REMINDER)
        assert "emergency" in message["text"]


async def test_without_an_emergency_there_is_no_reminder(dispatcher, domain):
    message = await _reply(_tracker("asdf", []), dispatcher, domain)
    assert "emergency" not in message["text"].lower()


async def test_a_message_in_another_language_is_answered_in_that_language(dispatcher, domain):
    message = await _reply(_tracker("hola, me tiembla el párpado", [], foreign_language="es"),
                           dispatcher, domain)
    assert "inglés" in message["text"] and "emergencias" in message["text"]
    assert "Sorry" not in message["text"]


async def test_the_emergency_action_remembers_the_emergency(dispatcher, domain):
    tracker = make_tracker("my face is drooping on one side and I can't get my words out",
                           intent="report_emergency")
    events = await ActionEmergency().run(dispatcher, tracker, domain)
    assert {"event": "slot", "name": "emergency_reported", "value": True, "timestamp": None} in events


async def test_a_faq_answer_after_an_emergency_ends_with_the_reminder(dispatcher, domain):
    tracker = make_tracker("what do i do now", intent="faq", response_key="faq/when_to_see_doctor",
                           slots={"emergency_reported": True})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].endswith(EMERGENCY_REMINDER)


async def test_a_faq_answer_without_an_emergency_has_no_reminder(dispatcher, domain):
    tracker = make_tracker("when should I see a doctor", intent="faq",
                           response_key="faq/when_to_see_doctor")
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert EMERGENCY_REMINDER not in dispatcher.messages[0]["text"]


async def test_the_ask_a_question_button_asks_what_they_want_to_know(dispatcher, domain):
    await ActionAnswerQuestion().run(dispatcher, make_tracker("/faq", intent="faq"), domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_question"


# ------------------------------------------------------------------ the domain's side
def _responses() -> Dict[str, List[Dict[str, Any]]]:
    return yaml.safe_load(ROOT_DOMAIN_PATH.read_text())["responses"]


def test_the_first_fallback_is_the_domains_default_sentence():
    plain = [v for v in _responses()["utter_default"] if not v.get("condition")]
    assert " ".join(plain[0]["text"].split()) == FIRST_TEXT


def test_every_reply_that_can_follow_an_emergency_has_the_reminder_variation():
    responses = _responses()
    for name in ("utter_default", "utter_out_of_scope", "utter_welcome", "utter_goodbye",
                 "utter_greet", "utter_iamabot", "utter_resume_interview", "utter_stopped",
                 "utter_ask_question"):
        conditional = [v for v in responses[name] if v.get("condition")]
        assert conditional, name
        assert conditional[0]["condition"] == [
            {"type": "slot", "name": "emergency_reported", "value": True}], name
        assert " ".join(conditional[0]["text"].split()).endswith(EMERGENCY_REMINDER), name
        assert any(not v.get("condition") for v in responses[name]), name


def test_the_noted_unknown_sentence_names_the_question():
    [variation] = _responses()["utter_noted_unknown"]
    assert "{topic}" in variation["text"]
    assert noted_topic("twitch_onset") == "when it began"
    assert len(set(NOTED_TOPICS.values())) == len(NOTED_TOPICS)
    assert noted_topic(None) == "that question"


@pytest.mark.parametrize("text", ["help", "Help!!", "pls help me", "SOS", "i need help", "someone help us"])
async def test_a_plea_for_help_gets_the_emergency_signs_and_starts_the_interview(text, dispatcher, domain):
    events = await ActionFallback().run(dispatcher, _tracker(text, []), domain)
    [message] = dispatcher.messages
    assert message["text"].startswith("I'm here to help.")
    assert "call emergency services now" in message["text"]
    assert "didn't quite understand" not in message["text"]
    assert events == [FollowupAction("twitch_form")]


@pytest.mark.parametrize("text", ["help me understand fasciculations", "helpful", "no help"])
async def test_a_sentence_with_help_in_it_is_not_a_plea(text, dispatcher, domain):
    events = await ActionFallback().run(dispatcher, _tracker(text, []), domain)
    assert events == [] and not dispatcher.messages[0]["text"].startswith("I'm here to help.")


async def test_a_description_the_classifier_read_as_a_no_starts_the_interview(dispatcher, domain):
    text = ("been getting twitches in my arms n legs since last christmas, thought itd have gone by now. "
            "had one fit as a toddler with a temperature but nothing since, no fits now")
    events = await ActionFallback().run(dispatcher, _tracker(text, []), domain)
    assert events == [FollowupAction("twitch_form")]
    assert dispatcher.messages == []  # no "sorry, I didn't understand" before the questions


@pytest.mark.parametrize("text", [
    "there's something odd going on in my right forearm and it has been like this for ten days",
    "my left thigh has this strange feeling a few times every day",
])
async def test_a_place_with_how_long_or_how_often_starts_the_interview(text, dispatcher, domain):
    events = await ActionFallback().run(dispatcher, _tracker(text, []), domain)
    assert events == [FollowupAction("twitch_form")]


@pytest.mark.parametrize("text", ["my right forearm", "for ten days", "what about tomorrow"])
async def test_a_place_or_a_time_alone_is_not_a_description(text, dispatcher, domain):
    events = await ActionFallback().run(dispatcher, _tracker(text, []), domain)
    assert FollowupAction("twitch_form") not in events


async def test_as_the_core_fallback_it_ends_the_turn_so_it_never_runs_twice(dispatcher, domain):
    tracker = _tracker("what now", [])
    tracker.latest_message["intent"] = {"name": "deny"}
    events = await ActionFallback().run(dispatcher, tracker, domain)
    assert events == [FollowupAction("action_listen")]


def test_the_off_topic_sentence_is_the_domains():
    from actions.fallback import OUT_OF_SCOPE_TEXT
    plain = [v for v in _responses()["utter_out_of_scope"] if not v.get("condition")]
    assert " ".join(plain[0]["text"].split()) == OUT_OF_SCOPE_TEXT


async def test_off_topic_then_nonsense_escalate_together(dispatcher, domain):
    tracker = _tracker("what's the weather", [])
    tracker.latest_message["intent"] = {"name": "out_of_scope"}
    first = await _reply(tracker, dispatcher, domain)
    assert first["text"].startswith("Sorry, that's outside what I can help with")
    dispatcher.messages.clear()
    second = await _reply(_tracker("qwertyuiop", ["what's the weather"]), dispatcher, domain)
    assert _titles(second) == [b["title"] for b in BUTTONS]
