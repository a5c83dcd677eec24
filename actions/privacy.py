""""Forget me" (issue 16): asking to delete the conversation, and deleting it.

``action_ask_forget_me`` asks for confirmation (``utter_ask_forget_me``: "Yes, delete
it" / "No, keep it"). It pauses the interview, if one runs, so that the yes or no that
follows is not taken as an interview answer; ``action_forget_me_kept`` resumes it.

``action_forget_me`` cannot delete anything itself: Rasa saves the turn's events
*after* the actions have run, so whatever it deleted would be written back a moment
later. It marks the turn instead: the slot ``forget_me`` (FORGET_SLOT) is set, and
the tracker store (``production.tracker_store``), when it saves a conversation whose
latest turn sets it, deletes every stored event of that conversation instead of
saving, this reply included. The reply quotes nothing the person said.
"""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.fallback import EMERGENCY_REMINDER, EMERGENCY_SLOT
from actions.tracker_io import custom_payload, latest_intent, latest_text
from twitch_knowledge.analysis import forget_readings
from twitch_knowledge.privacy import FORGET_INTENTS, asks_to_forget

FORGET_SLOT = "forget_me"  # production.tracker_store.FORGET_SLOT
PAUSED_SLOT = "forget_paused_form"
FORGOTTEN_TEXT = (
    "Done: I've deleted this conversation. Nothing you wrote here is kept any more. "
    "If you write again, we start from the beginning."
)


def _ask(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    dispatcher.utter_message(response="utter_ask_forget_me")
    loop = (tracker.active_loop or {}).get("name")
    return [SlotSet(PAUSED_SLOT, loop), ActiveLoop(None)]


class ActionAskForgetMe(Action):
    def name(self) -> Text:
        return "action_ask_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        return _ask(dispatcher, tracker)


class ActionForgetMe(Action):
    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        intent = (latest_intent(tracker) or "").split("/")[0]
        if intent in FORGET_INTENTS and not asks_to_forget(latest_text(tracker)):
            # the classifier thought so, the words do not say it: ask, never delete
            return _ask(dispatcher, tracker)
        text = FORGOTTEN_TEXT
        if tracker.get_slot(EMERGENCY_SLOT):
            # the one thing worth keeping: what to do if it happens again
            text = f"{text}\n\n{EMERGENCY_REMINDER}"
        # the marker lets the web widget forget its own copy (web/src/widget.jsx); shaped
        # per channel (socket.io emits a custom message's keys as emit() arguments)
        dispatcher.utter_message(text=text, json_message=custom_payload(
            tracker, {"type": "conversation_deleted"}))
        forget_readings()  # the texts this process remembered to read them once
        return [SlotSet(FORGET_SLOT, True), ActiveLoop(None)]


class ActionForgetMeKept(Action):
    def name(self) -> Text:
        return "action_forget_me_kept"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_forget_me_kept")
        paused = tracker.get_slot(PAUSED_SLOT)
        events: List[EventType] = [SlotSet(PAUSED_SLOT, None)]
        if paused:
            events.append(FollowupAction(paused))  # the interview asks its question again
        return events
