"""The interview form's validation: fills the six slots from whatever the person says."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from twitch_knowledge import interview
from twitch_knowledge.facts import FOLLOW_UP_SLOTS

from actions.fallback import EMERGENCY_SLOT, noted_topic
from actions.tracker_io import (
    facts_events,
    latest_intent,
    latest_text,
    learned_entities,
    stored_facts,
)

# What the rules answer an aside with (a question, "are you a bot?", thanks...).
ASIDE_ACTIONS = {"action_answer_question", "utter_iamabot", "utter_out_of_scope",
                 "utter_resume_interview", "utter_default"}


def _previous_turn_was_an_aside(tracker: Tracker) -> bool:
    """True when the person's previous message was already handled as an aside."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif users_seen == 1 and event.get("event") == "action" and event.get("name") in ASIDE_ACTIONS:
            return True
    return False


class ValidateTwitchForm(FormValidationAction):
    """Merges each message into the stored facts and derives the form's slots."""

    def name(self) -> Text:
        return "validate_twitch_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if tracker.get_slot(EMERGENCY_SLOT):
            # No interview after the emergency advice: it ends at once, and
            # action_assess_twitch says again what to do.
            return [SlotSet("requested_slot", None)]
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        if interview.steps_aside(intent, text, understood=True):
            return []  # never an answer: a rule handles it and the form asks again

        requested = tracker.get_slot("requested_slot")
        update = interview.update(
            stored_facts(tracker), text, intent, learned_entities(tracker), requested
        )
        if interview.steps_aside(intent, text, update.understood, _previous_turn_was_an_aside(tracker)):
            return []

        slots: Dict[Text, Any] = dict(update.slots)
        facts = update.facts
        if requested and not update.understood and requested not in slots:
            # Never ask the same question twice: note "not sure" and say how to correct it.
            dispatcher.utter_message(response="utter_noted_unknown", topic=noted_topic(requested))
            interview.mark_unknown(facts, requested)
            slots = interview.slots_from_facts(facts)

        for follow_up in FOLLOW_UP_SLOTS:
            if follow_up in facts.follow_ups_done:
                slots[follow_up] = "answered"
        events = facts_events(tracker, facts, slots)
        if "twitch_onset" not in slots and tracker.get_slot("twitch_onset") is not None:
            events.append(SlotSet("twitch_onset", None))  # reopened for how it began
        events.append(SlotSet("requested_slot", interview.next_question(facts, slots)))
        return events


class ActionAskTwitchOnset(Action):
    """Asks the onset question: when it began, or, if that is known, whether suddenly."""

    def name(self) -> Text:
        return "action_ask_twitch_onset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        facts = stored_facts(tracker)
        if interview.asks_onset_kind(facts):
            dispatcher.utter_message(response="utter_ask_onset_kind", onset=facts.onset)
        else:
            dispatcher.utter_message(response="utter_ask_twitch_onset")
        return []


# Buttons for "which other symptoms?": the symptoms the articles name that people
# rarely put in those words. Each payload is plain text the vocabulary reads.
SYMPTOM_BUTTONS = [
    {"title": "Numbness or tingling", "payload": "numbness or tingling"},
    {"title": "Blurred or double vision", "payload": "blurred vision"},
    {"title": "Balance or coordination", "payload": "poor balance"},
    {"title": "Confusion", "payload": "confusion"},
    {"title": "Cramps or stiffness", "payload": "cramps"},
    {"title": "Something else", "payload": "something else"},
]


class ActionAskWhichSymptoms(Action):
    """Asks which other symptoms, quoting words the vocabulary did not recognise."""

    def name(self) -> Text:
        return "action_ask_which_symptoms"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        facts = stored_facts(tracker)
        if facts.unrecognised_symptoms:
            words = facts.unrecognised_symptoms[-1].replace('"', "'")
            text = (f'You mentioned "{words}". I want to make sure I understand: is it one of '
                    "these, or something else? You can also describe it in your own words.")
        else:
            text = ("Which other symptoms have you noticed? Pick one below or describe them in "
                    "your own words.")
        dispatcher.utter_message(text=text, buttons=SYMPTOM_BUTTONS)
        return []


async def take_as_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> List[EventType]:
    """Take a message a rule sent elsewhere as the answer to the interview's question.

    Rasa's form does not validate a message after another action has run, so the
    answer is applied here (the same validation as always), then the form goes on.
    """
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    return events + [FollowupAction("twitch_form")]
