"""Writes the example conversations of docs/CHANNELS.md from a real run, not by hand.

Starts the stack with all four platforms on against the tests' local stand-in of their
APIs (tests/channels/standin.py), holds the same interview on each (the opening, then
every question answered, then "No thanks" pressed the platform's way; on SMS also
DETAILS), and prints what the stand-in received, as each platform would show it.
With --update, replaces the block between the transcript markers of docs/CHANNELS.md.

    python scripts/channel_transcripts.py [--update]
    TWITCH_MODEL=/path/to/model.tar.gz python scripts/channel_transcripts.py --update
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.stack import DEFAULT_MODEL, Stack  # noqa: E402
from tests.channels import clients  # noqa: E402
from tests.channels.standin import StandIn  # noqa: E402

DOC = ROOT / "docs" / "CHANNELS.md"
START, END = "<!-- transcripts:start -->", "<!-- transcripts:end -->"
TITLES = {
    "slack": "Slack (Block Kit: sections, buttons as [ ... ])",
    "telegram": "Telegram (inline keyboard as [ ... ], one button a row)",
    "sms": "SMS (Twilio): short assessment, DETAILS, numbered options",
    "whatsapp": "WhatsApp (Twilio): full assessment, at most 3 numbered options",
    "facebook": "Facebook Messenger (quick replies as ( ... ), titles at most 20 characters)",
    "red_flag": "A red flag, quoted in the person's own words (Telegram)",
    "emergency": "An emergency in the middle of the interview (SMS): first and alone, never shortened",
}
RED_FLAG_OPENING = "my calf flickers and I keep tripping"
RED_FLAG_ANSWERS = dict(clients.ANSWERS, twitch_location="right calf", weakness="yes")
EMERGENCY = "my face is drooping on one side and I can't speak properly"


def converse(client: clients.Client) -> List[str]:
    user = client.new_user()
    clients.interview(client, user)
    last = client.replies(user)[-1]
    turns = len(client.user_events(user))
    if isinstance(client, clients.TwilioClient) and not isinstance(client, clients.WhatsAppClient):
        before = len(client.replies(user))
        client.send(user, "DETAILS")
        deadline = time.monotonic() + 30
        while len(client.replies(user)) == before and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
    client.press(user, last, 1)  # "No thanks"
    client.wait_turn(user, turns + 1)
    return client.transcript(user)


def red_flag(client: clients.Client) -> List[str]:
    user = client.new_user()
    clients.interview(client, user, RED_FLAG_OPENING, RED_FLAG_ANSWERS)
    return client.transcript(user)


def emergency(client: clients.Client) -> List[str]:
    user = client.new_user()
    client.send(user, clients.OPENING)
    client.wait_turn(user, 1)
    client.send(user, EMERGENCY)
    client.wait_turn(user, 2)
    return client.transcript(user)


def render(name: str, lines: List[str]) -> str:
    body = "\n\n".join(lines)
    return f"#### {TITLES[name]}\n\n```text\n{body}\n```\n"


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help=f"rewrite the transcripts in {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    model = Path(os.environ.get("TWITCH_MODEL") or DEFAULT_MODEL)
    standin = StandIn().start()
    os.environ.pop("LOCK_STORE_URL", None)
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(clients.platform_env(standin), CHANNEL_STORE_PATH=str(Path(folder) / "channels.db"))
        stack = Stack(model=model)
        stack.start()
        try:
            kinds = {"slack": clients.SlackClient, "telegram": clients.TelegramClient, "sms": clients.TwilioClient,
                     "whatsapp": clients.WhatsAppClient, "facebook": clients.FacebookClient}
            parts = [render(name, converse(cls(stack.rasa_url, standin))) for name, cls in kinds.items()]
            parts.append(render("red_flag", red_flag(clients.TelegramClient(stack.rasa_url, standin))))
            parts.append(render("emergency", emergency(clients.TwilioClient(stack.rasa_url, standin))))
        finally:
            stack.stop()
            standin.stop()
    text = "\n".join(parts)
    if args.update:
        doc = DOC.read_text()
        if START not in doc or END not in doc:
            raise SystemExit(f"{DOC} has no {START} ... {END} block")
        DOC.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END),
                              lambda _: f"{START}\n{text}{END}", doc, flags=re.S))
        print(f"updated {DOC.relative_to(ROOT)}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
