"""Answering questions and stopping the interview."""
from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from twitch_knowledge import interview, render, triage
from twitch_knowledge.facts import INTERVIEW_SLOTS

from actions.fallback import with_reminder
from actions.interview import take_as_answer
from actions.tracker_io import (
    answers_the_interview,
    facts_events,
    latest_intent,
    latest_text,
    learned_entities,
    stored_facts,
)


def _faq_key(tracker: Tracker) -> Optional[Text]:
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None


class ActionAnswerQuestion(Action):
    """Answers a question from the knowledge base, naming the article it comes from.

    What the question says about the person's own symptoms ("is it ALS? my hand is
    weak") is recorded too, and a question that describes twitching outside the
    interview ("my calf twitches every night, is that normal?") starts it.
    """

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        key = _faq_key(tracker)
        answer = render.faq_answer(key) if key else None
        if answer is None and latest_text(tracker).startswith("/"):
            # the "Ask a question" button (actions.fallback): no question yet
            dispatcher.utter_message(response="utter_ask_question")
        elif answer is None:
            dispatcher.utter_message(response="utter_default")
        else:
            # after an emergency, the answer says again what to do
            dispatcher.utter_message(text=with_reminder(answer, tracker))

        before = stored_facts(tracker)
        update = interview.update(
            before, latest_text(tracker), latest_intent(tracker), learned_entities(tracker), None
        )
        facts = update.facts
        about_themselves = (len(facts.locations) > len(before.locations)
                            or len(facts.present_symptoms()) > len(before.present_symptoms()))
        if not about_themselves:
            return []  # a general question ("can MS cause twitching?") records nothing
        events = facts_events(tracker, facts, update.slots)
        # a twitch or a symptom in a place, or a twitch with a symptom ("tripping n
        # twitching??"): the interview asks the rest
        if not tracker.active_loop_name and (
            (facts.locations and (facts.movements or facts.present_symptoms()))
            or (facts.movements and facts.present_symptoms())
        ):
            events.append(FollowupAction("twitch_form"))
        return events


class ActionStopInterview(Action):
    """Stops the interview. A concerning sign already mentioned is never dropped silently."""

    def name(self) -> Text:
        return "action_stop_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if answers_the_interview(tracker):
            return await take_as_answer(dispatcher, tracker, domain)  # a misread answer
        facts = stored_facts(tracker)
        note = render.stop_note(triage.assess(facts), facts) if tracker.get_slot("twitch_facts") else None
        if note:
            dispatcher.utter_message(text=note)
        dispatcher.utter_message(response="utter_stopped")
        events: List[EventType] = [SlotSet(slot, None) for slot in INTERVIEW_SLOTS]
        events.append(SlotSet("twitch_facts", None))
        # Always: the rules expect this action to leave no interview running.
        return events + [ActiveLoop(None), SlotSet("requested_slot", None)]
