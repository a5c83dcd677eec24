"""The reply to a message the assistant did not understand: never a dead end.

``action_fallback`` answers ``nlu_fallback`` (and a yes/no/not sure out of context):

1. the first time, the usual "Sorry, I didn't quite understand" with what to write;
2. the second time in a row, a different sentence with buttons: describe the
   twitching, ask a question, start again (in the interview: ask a question, stop the
   questions, start again);
3. from the third time in a row, a sentence that quotes what the person wrote (so
   never the same sentence again), with the buttons.

A message in another language (``components.safety`` rule 13 puts its code under
``foreign_language`` in the parse data) gets "I can only help in English for now" in
that language, with the emergency line (``twitch_knowledge.language``).

After an emergency (slot ``emergency_reported``) every reply ends with
``EMERGENCY_REMINDER``; the domain's responses do the same with conditional variations.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from twitch_knowledge import language, render
from twitch_knowledge.extract import extract_facts
from twitch_knowledge.replies import is_plea_for_help

from actions.tracker_io import latest_intent, latest_text

EMERGENCY_REMINDER = (
    "If the emergency signs are still there or come back, call your local emergency "
    "number (such as 999, 911 or 112) now."
)
EMERGENCY_SLOT = "emergency_reported"
FOREIGN_LANGUAGE_KEY = "foreign_language"  # components.safety.FOREIGN_LANGUAGE_KEY

# The same sentence as the domain's utter_default (tests/actions/test_fallback.py checks).
FIRST_TEXT = (
    "Sorry, I didn't quite understand. You can describe your twitching in your own words "
    "(where it is, since when, how often) or ask a question about twitching."
)
# The same sentence as the domain's utter_out_of_scope: off-topic is also "not
# understood", so a second and third one in a row get the buttons too.
OUT_OF_SCOPE_TEXT = (
    "Sorry, that's outside what I can help with. I can talk about muscle twitching: "
    "describe what's happening, or ask me about twitching, MS, ALS, causes, tests or treatment."
)
SECOND_TEXT = (
    "I'm still not sure what you mean, sorry. Pick one of the options below, or tell me "
    "in a short sentence where you feel the twitching and since when."
)
IN_INTERVIEW_SECOND_TEXT = (
    "I'm still not sure what you mean, sorry. You can answer the question below in a few "
    "words, or pick one of these options."
)
# From the third time in a row: they quote the message, and take turns.
QUOTING_TEXTS = (
    'I couldn\'t make sense of "{quote}", sorry. Choose an option below, or try a short '
    'sentence such as "my left calf has been twitching for a week".',
    'I still can\'t read "{quote}" as something I can help with. The buttons below are the '
    'quickest way on, or ask me a question such as "what causes twitching?"',
    '"{quote}" is beyond what I can understand, sorry. Try one of the options below, or '
    "describe what your muscles are doing.",
)
EMPTY_TEXTS = (
    "Your message came through empty, so there was nothing for me to read.",
    "That message came through without any words again.",
    "Still no words came through in that message.",
)
QUOTE_LENGTH = 60

# intents whose rules run this action and then go on (data/rules); any other intent
# reaches it as the core fallback of the RulePolicy
RULED_INTENTS = frozenset({"nlu_fallback", "dont_know", "out_of_scope"})
START_AGAIN_BUTTON = {"title": "Start again", "payload": "/restart"}
BUTTONS = [
    {"title": "Describe my twitching", "payload": "/describe_twitch"},
    {"title": "Ask a question", "payload": "/faq"},
    START_AGAIN_BUTTON,
]
IN_INTERVIEW_BUTTONS = [
    {"title": "Ask a question", "payload": "/faq"},
    {"title": "Stop the questions", "payload": "/stop"},
    START_AGAIN_BUTTON,
]

# What each interview question is about, for utter_noted_unknown's {topic}.
NOTED_TOPICS = {
    "twitch_location": "where you notice it",
    "twitch_onset": "when it began",
    "twitch_frequency": "how often it happens",
    "twitch_duration": "how long each episode lasts",
    "weakness": "weakness",
    "other_symptoms": "other symptoms",
    "which_symptoms": "which other symptoms",
    "same_muscle": "whether it stays in the same spot",
}


def noted_topic(requested_slot: Optional[Text]) -> Text:
    """The {topic} of utter_noted_unknown for the question that was asked."""
    return NOTED_TOPICS.get(requested_slot or "", "that question")


def with_reminder(text: Text, tracker: Tracker) -> Text:
    """``text``, followed by the emergency reminder once an emergency was reported."""
    if tracker.get_slot(EMERGENCY_SLOT) and EMERGENCY_REMINDER not in text:
        return f"{text}\n\n{EMERGENCY_REMINDER}"
    return text


def fallbacks_in_a_row(tracker: Tracker) -> int:
    """How many of the person's messages in a row, this one included, were not
    understood (answered by this action), counted from the tracker's events."""
    turns: List[List[Text]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            turns = []
        elif kind == "user":
            turns.append([])
        elif kind == "action" and turns:
            turns[-1].append(event.get("name"))
    count = 1
    for actions in reversed(turns[:-1]):
        if ActionFallback.NAME not in actions:
            break
        count += 1
    return count


def _quote(text: Text) -> Text:
    words = " ".join(text.replace('"', "'").split())
    if len(words) > QUOTE_LENGTH:
        words = words[:QUOTE_LENGTH].rsplit(" ", 1)[0] + "..."
    return words


def describes_a_twitch(text: Text) -> bool:
    """Something happening in the body, in the words themselves: a twitch in a place or
    with a symptom, or a place with how long, how often or a symptom, whatever the
    person calls it ("this weird thing in my left leg ... for a few weeks"). The
    interview then asks what it is; "I didn't understand" would be a dead end."""
    facts = extract_facts(text)
    if facts.movements and (facts.locations or facts.present_symptoms()):
        return True
    return bool(facts.locations and (facts.onset or facts.frequency or facts.duration
                                     or facts.present_symptoms()))


def fallback_reply(tracker: Tracker) -> Dict[Text, Any]:
    """The text and buttons of this fallback (see the module docstring)."""
    in_interview = tracker.active_loop_name == "twitch_form"
    buttons = IN_INTERVIEW_BUTTONS if in_interview else BUTTONS
    count = fallbacks_in_a_row(tracker)
    latest = tracker.latest_message or {}
    foreign = latest.get(FOREIGN_LANGUAGE_KEY)
    text = (latest.get("text") or "").strip()
    if foreign:
        reply: Dict[Text, Any] = {"text": language.reply_for(foreign)}
    elif count == 1:
        reply = {"text": OUT_OF_SCOPE_TEXT if latest_intent(tracker) == "out_of_scope" else FIRST_TEXT}
    elif count == 2:
        reply = {"text": IN_INTERVIEW_SECOND_TEXT if in_interview else SECOND_TEXT}
    elif not text:
        reply = {"text": EMPTY_TEXTS[(count - 3) % len(EMPTY_TEXTS)]}
    else:
        reply = {"text": QUOTING_TEXTS[(count - 3) % len(QUOTING_TEXTS)].format(quote=_quote(text))}
    if count >= 2:
        reply["buttons"] = buttons
    reply["text"] = with_reminder(reply["text"], tracker)
    return reply


class ActionFallback(Action):
    """A message that was not understood: a different reply each time, never a loop."""

    NAME = "action_fallback"

    def name(self) -> Text:
        return self.NAME

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        latest = tracker.latest_message or {}
        text = latest_text(tracker)
        if tracker.active_loop_name != "twitch_form" and not latest.get(FOREIGN_LANGUAGE_KEY):
            if is_plea_for_help(text):
                # the emergency signs first, then the interview, which asks where
                dispatcher.utter_message(text=with_reminder(render.plea_for_help_text(), tracker))
                return [FollowupAction("twitch_form")]
            if describes_a_twitch(text):
                # whatever the classifier made of it ("... no fits now" read as a no), a
                # message that describes twitching starts the interview, which reads it
                return [FollowupAction("twitch_form")]
        dispatcher.utter_message(**fallback_reply(tracker))
        if latest_intent(tracker) not in RULED_INTENTS:
            # run as the core fallback (config.yml): nothing else will end the turn
            return [FollowupAction("action_listen")]
        return []
