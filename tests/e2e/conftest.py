"""Starts the real action server and Rasa server (free ports) once for the e2e tests."""
from __future__ import annotations

import itertools
import os
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests

from scripts.stack import DEFAULT_MODEL, Stack


# TWITCH_MODEL: another trained model than models/ (a model trained into a folder of
# one's own while others use models/).
MODEL = Path(os.environ.get("TWITCH_MODEL") or DEFAULT_MODEL)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (make test does).")
    running = Stack(model=MODEL)
    running.start()
    try:
        yield running
    finally:
        running.stop()


class Chat:
    """One person talking to the bot over the REST channel."""

    _ids = itertools.count()

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.sender = f"e2e-{os.getpid()}-{next(self._ids)}-{uuid.uuid4().hex[:6]}"
        self.transcript: List[Dict[str, Any]] = []

    def send(self, message: Any) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            timeout=60,
        )
        assert response.status_code == 200, (response.status_code, response.text[:500])
        replies = response.json()
        self.transcript.append({"user": message, "bot": replies})
        return replies

    def tracker(self) -> Dict[str, Any]:
        response = requests.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker", timeout=30
        )
        response.raise_for_status()
        return response.json()

    def slot(self, name: str) -> Any:
        return self.tracker()["slots"].get(name)

    @staticmethod
    def texts(replies: List[Dict[str, Any]]) -> str:
        return "\n".join(r.get("text", "") for r in replies if r.get("text"))

    @staticmethod
    def assessment(replies: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
        for reply in replies:
            custom = reply.get("custom")
            if isinstance(custom, dict) and custom.get("type") == "twitch_assessment":
                return custom
        return None

    def answer_until_assessed(self, answers: Dict[str, str], opening: str,
                              max_turns: int = 8) -> Dict[str, Any]:
        """Sends the opening, then answers whatever is asked, like a person would."""
        replies = self.send(opening)
        asked: List[str] = []
        for _ in range(max_turns):
            payload = self.assessment(replies)
            if payload:
                payload["_asked"] = asked
                return payload
            requested = self.slot("requested_slot")
            assert requested, f"no question and no assessment: {self.texts(replies)}"
            asked.append(requested)
            replies = self.send(answers[requested])
        raise AssertionError(f"no assessment after {max_turns} turns: {self.transcript}")


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack)
