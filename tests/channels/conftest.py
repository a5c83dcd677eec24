"""One real stack (action server + Rasa) with all four platforms switched on, talking to
a local stand-in of their APIs, for the whole test session."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterator

import pytest

from scripts.stack import DEFAULT_MODEL, Stack
from tests.channels.clients import (
    FacebookClient,
    SlackClient,
    TelegramClient,
    TwilioClient,
    WhatsAppClient,
    platform_env,
)
from tests.channels.standin import StandIn

# TWITCH_MODEL: another trained model than models/ (as in tests/e2e/conftest.py).
MODEL = Path(os.environ.get("TWITCH_MODEL") or DEFAULT_MODEL)

CLIENT_CLASSES = {"slack": SlackClient, "telegram": TelegramClient, "sms": TwilioClient,
                  "whatsapp": WhatsAppClient, "facebook": FacebookClient}


@pytest.fixture(scope="session")
def standin() -> Iterator[StandIn]:
    server = StandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack_env(standin: StandIn, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    return dict(platform_env(standin),
                CHANNEL_STORE_PATH=str(tmp_path_factory.mktemp("store") / "channels.db"),
                CHANNEL_RETRY_ATTEMPTS="4", CHANNEL_RETRY_BASE_DELAY="0.05", CHANNEL_RETRY_MAX_DELAY="0.2")


@pytest.fixture(scope="session")
def platform_stack(stack_env: Dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (make test does), or set TWITCH_MODEL.")
    saved = {name: os.environ.get(name) for name in list(stack_env) + ["LOCK_STORE_URL"]}
    os.environ.pop("LOCK_STORE_URL", None)  # the SQLite store, in the test's own folder
    os.environ.update(stack_env)
    stack = Stack(model=MODEL, log_dir=tmp_path_factory.mktemp("logs"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(params=sorted(CLIENT_CLASSES))
def client(request, platform_stack: Stack, standin: StandIn):
    return CLIENT_CLASSES[request.param](platform_stack.rasa_url, standin)
