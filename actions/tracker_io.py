"""Reading what the package needs from a Rasa tracker."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from twitch_knowledge import analysis, interview
from twitch_knowledge.facts import Facts

# Entities found by the spaCy patterns are found again, with their codes and
# negation, by twitch_knowledge.extract; passing them twice would only add noise.
_PATTERN_EXTRACTOR = "SpacyEntityExtractor"


def latest_intent(tracker: Tracker) -> Optional[Text]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> Text:
    """The latest message's text, with what the NLU already read of it made available.

    The NLU sends its readings (``twitch_analysis``, see `twitch_knowledge.analysis`)
    in the parse data: every action reads the text through here, so none reads it a
    second time with spaCy.
    """
    text = tracker.latest_message.get("text") or ""
    analysis.adopt(tracker.latest_message.get(analysis.KEY), text)
    return text


def learned_entities(tracker: Tracker) -> List[Dict[Text, Any]]:
    """Entities DIET found in the latest message (the ones patterns may miss)."""
    return [
        e
        for e in tracker.latest_message.get("entities") or []
        if e.get("extractor") != _PATTERN_EXTRACTOR
    ]


def stored_facts(tracker: Tracker) -> Facts:
    return Facts.from_dict(tracker.get_slot("twitch_facts"))


def custom_payload(tracker: Tracker, payload: Dict[Text, Any]) -> Dict[Text, Any]:
    """The payload shaped for the channel the person is using.

    Rasa's socket.io channel emits a custom message's keys as keyword arguments of
    `emit()`, so the web widget needs it wrapped in ``data``; REST and the other
    channels take it as it is (REST returns it under ``custom``).
    """
    if tracker.get_latest_input_channel() == "socketio":
        return {"data": payload}
    return payload


def facts_events(tracker: Tracker, facts: Facts, slots: Mapping[Text, Any]) -> List[EventType]:
    """Store the facts, and set each interview slot whose value changed."""
    events: List[EventType] = [SlotSet("twitch_facts", facts.to_dict())]
    events += [SlotSet(slot, value) for slot, value in slots.items() if tracker.get_slot(slot) != value]
    return events


def answers_the_interview(tracker: Tracker) -> bool:
    """Whether the latest message answers the running interview rather than leaving it.

    The rules send "stop", "goodbye", a summary request or an emergency to their own
    action even in the middle of the interview; when the classifier was wrong ("lots
    through the day" read as stop) those actions hand the message back to the form.
    """
    return (tracker.active_loop_name == "twitch_form"
            and bool(tracker.get_slot("requested_slot"))
            and not interview.interrupts(latest_intent(tracker), latest_text(tracker)))
