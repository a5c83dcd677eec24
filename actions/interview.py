"""The interview form's validation: fills the six slots from whatever the person says."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from twitch_knowledge import interview

from actions.tracker_io import latest_intent, latest_text, learned_entities, stored_facts

# Messages that are never an answer: the form steps aside, a rule answers them
# (a question, stopping, an emergency...), and the form asks again afterwards.
ALWAYS_INTERRUPT = {
    "faq",
    "stop",
    "goodbye",
    "report_emergency",
    "bot_challenge",
    "request_summary",
}
# Messages that are usually not an answer, unless they carry one
# ("thanks, it started last week").
MAYBE_INTERRUPT = {"greet", "thank", "out_of_scope"}


class ValidateTwitchForm(FormValidationAction):
    """Merges each message into the stored facts and derives the form's slots."""

    def name(self) -> Text:
        return "validate_twitch_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = latest_intent(tracker)
        if intent in ALWAYS_INTERRUPT or not latest_text(tracker).strip():
            return []

        requested = tracker.get_slot("requested_slot")
        update = interview.update(
            stored_facts(tracker),
            latest_text(tracker),
            intent,
            learned_entities(tracker),
            requested,
        )
        if intent in MAYBE_INTERRUPT and not update.understood:
            return []

        slots: Dict[Text, Any] = dict(update.slots)
        facts = update.facts
        if requested and not update.understood and requested not in slots:
            # Never ask the same question twice: note "not sure" and say how to correct it.
            dispatcher.utter_message(response="utter_noted_unknown")
            interview.mark_unknown(facts, requested)
            slots = interview.slots_from_facts(facts)

        events: List[EventType] = [SlotSet("twitch_facts", facts.to_dict())]
        events += [
            SlotSet(slot, value)
            for slot, value in slots.items()
            if tracker.get_slot(slot) != value
        ]
        return events
