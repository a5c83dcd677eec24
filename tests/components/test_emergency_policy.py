"""components.emergency_policy: after the emergency advice, every message gets it again."""
from __future__ import annotations

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.emergency_policy import FOLLOW_UP_ACTION, next_action

DOMAIN = Domain.from_yaml("""
intents: [describe_twitch, goodbye, faq, report_emergency, deny]
slots:
  emergency_reported:
    type: bool
    influence_conversation: false
    mappings: [{type: custom}]
actions: [action_emergency, action_emergency_follow_up]
""")


def _tracker(intent: str, text: str = "something", emergency: bool = True) -> DialogueStateTracker:
    events = [ActionExecuted(ACTION_LISTEN_NAME)]
    if emergency:
        events += [UserUttered("he was jerking all over", {"name": "report_emergency"}),
                   ActionExecuted("action_emergency"), SlotSet("emergency_reported", True),
                   ActionExecuted(ACTION_LISTEN_NAME)]
    events.append(UserUttered(text, {"name": intent}))
    return DialogueStateTracker.from_events("someone", events, slots=DOMAIN.slots)


@pytest.mark.parametrize("intent, text", [
    ("describe_twitch", "she says shes just tired and wants to sleep"),
    ("goodbye", "hes starting to talk a bit now, do we still need to go a&e? bye"),
    ("deny", "he says he's fine and doesn't want to go what do I do"),
])
def test_after_an_emergency_any_message_gets_the_follow_up_then_the_bot_listens(intent, text):
    tracker = _tracker(intent, text)
    assert next_action(tracker) == FOLLOW_UP_ACTION
    tracker.update(ActionExecuted(FOLLOW_UP_ACTION))
    assert next_action(tracker) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("intent, text", [("faq", "what is a seizure?"), ("report_emergency", "now he can't breathe")])
def test_a_question_or_a_new_emergency_keeps_its_own_answer(intent, text):
    assert next_action(_tracker(intent, text)) is None


def test_before_any_emergency_the_policy_leaves_every_turn_to_the_others():
    assert next_action(_tracker("goodbye", "bye", emergency=False)) is None
