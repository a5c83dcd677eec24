"""Tracker fixtures for the action tests (in the style of RasaHQ/rasa-demo)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from twitch_knowledge.facts import INTERVIEW_SLOTS, Facts

DOMAIN: Dict[str, Any] = {
    "slots": {},
    "forms": {
        "twitch_form": {"required_slots": list(INTERVIEW_SLOTS)}
    },
    "responses": {},
}


def make_tracker(
    text: str,
    intent: Optional[str] = "describe_twitch",
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    response_key: Optional[str] = None,
) -> Tracker:
    latest: Dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99} if intent else {},
        "entities": entities or [],
    }
    if response_key:
        latest["response_selector"] = {
            "faq": {"response": {"intent_response_key": response_key, "confidence": 0.9}}
        }
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def facts_slot(**kwargs: Any) -> Dict[str, Any]:
    return Facts(**kwargs).to_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def domain() -> Dict[str, Any]:
    return DOMAIN
