"""The assessment, the emergency interrupt and the visit summary."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from twitch_knowledge import emergency, render, triage

from actions.fallback import EMERGENCY_SLOT, START_AGAIN_BUTTON, describes_a_twitch
from actions.interview import take_as_answer
from actions.tracker_io import (
    answers_the_interview,
    custom_payload,
    latest_intent,
    latest_text,
    stored_facts,
)


class ActionAssessTwitch(Action):
    """Maps the collected facts to a twitch type and triage level, and explains it."""

    def name(self) -> Text:
        return "action_assess_twitch"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        facts = stored_facts(tracker)
        if tracker.get_slot(EMERGENCY_SLOT):
            # after the emergency advice there is no interview (ValidateTwitchForm ends
            # it at once): whatever was said, the advice comes again
            return await ActionEmergencyFollowUp().run(dispatcher, tracker, domain)
        assessment = triage.assess(facts)
        payload = render.assessment_payload(assessment, facts)
        dispatcher.utter_message(
            text=render.assessment_text(assessment, facts),
            json_message=custom_payload(tracker, payload),
        )
        dispatcher.utter_message(
            text="Would you like a summary you can take to an appointment?",
            buttons=[
                {"title": "Yes, show the summary", "payload": "/request_summary"},
                {"title": "No thanks", "payload": "/deny"},
            ],
        )
        return [SlotSet("twitch_assessment", payload)]


class ActionEmergency(Action):
    """Emergency advice. Interrupts the interview wherever it is."""

    def name(self) -> Text:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        signs = emergency.detect_emergency(latest_text(tracker))
        if not signs:
            # The classifier thought so, but no emergency sign is named: say what to act
            # on, calmly, and let the interview take the message as an answer.
            dispatcher.utter_message(text=render.emergency_watch_text())
            if answers_the_interview(tracker):
                return await take_as_answer(dispatcher, tracker, domain)
            if tracker.active_loop_name == "twitch_form" or describes_a_twitch(latest_text(tracker)):
                # a first message that describes twitching starts the interview, which
                # reads it: long unpunctuated openings ("... no trouble breathing at all")
                # are often guessed as emergencies, and must not end with no advice
                return [FollowupAction("twitch_form")]
            return []
        facts = stored_facts(tracker)
        for code, words in signs:
            if code not in facts.emergency_signs:
                facts.emergency_signs.append(code)
            facts.add_evidence(code, words)
        payload = render.emergency_payload(signs, facts)
        dispatcher.utter_message(
            text=render.emergency_text(signs), json_message=custom_payload(tracker, payload)
        )
        events: List[EventType] = [
            SlotSet("twitch_facts", facts.to_dict()),
            SlotSet("twitch_assessment", payload),
            # every later reply says again what to do (actions.fallback.with_reminder)
            SlotSet("emergency_reported", True),
        ]
        # Always: the rules expect this action to leave no interview running.
        return events + [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionEmergencyFollowUp(Action):
    """Every message after the emergency advice (components.emergency_policy): the
    signs reported and, again, what to do, with a way to start again."""

    def name(self) -> Text:
        return "action_emergency_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        repeat = 0
        for event in reversed(tracker.events):
            if event.get("event") == "action" and event.get("name") == ActionEmergency().name():
                break
            if event.get("event") == "action" and event.get("name") == self.name():
                repeat += 1
        dispatcher.utter_message(text=render.emergency_follow_up_text(stored_facts(tracker), repeat),
                                 buttons=[START_AGAIN_BUTTON])
        return []


class ActionVisitSummary(Action):
    """A summary of the answers and the advice, to copy into an appointment."""

    def name(self) -> Text:
        return "action_visit_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if latest_intent(tracker) == "request_summary" and answers_the_interview(tracker):
            return await take_as_answer(dispatcher, tracker, domain)  # a misread answer
        facts = stored_facts(tracker)
        if not tracker.get_slot("twitch_assessment"):
            dispatcher.utter_message(
                text=(
                    "I don't have anything to summarise yet. Tell me what your muscles "
                    "are doing and I'll ask a few questions first."
                )
            )
            return []
        assessment = triage.assess(facts)
        summary = render.summary_text(assessment, facts)
        payload: Dict[Text, Any] = {"type": "visit_summary", "summary": summary}
        dispatcher.utter_message(text=summary, json_message=custom_payload(tracker, payload))
        return []
