"""Driving the chat widget on the demo page like a person would."""
from __future__ import annotations

import re
import time

BOT_MESSAGES = ".rw-from-response .rw-message"
USER_MESSAGES = ".rw-from-client .rw-message"
INPUT = ".rw-new-message"
CARD = "[data-testid=assessment-card]"
SUMMARY_CARD = "[data-testid=summary-card]"
COPY = "[data-testid=copy-summary]"

FIRST_MESSAGE = (
    "my left eyelid has been twitching for a week, a few times a day, each lasting a few seconds, "
    "no weakness, no other symptoms"
)

# What to answer when the bot asks again, by what the question is about.
ANSWERS = [
    (r"sudden", "no, gradually"),
    (r"weak", "no"),
    (r"other symptom|anything else|any other|symptoms", "none"),
    (r"how often|frequen", "a few times a day"),
    (r"how long does|each time|each twitch|last\b|lasts|duration", "a few seconds"),
    (r"when did|start|began|how long have|since when|onset", "a week"),
    (r"where|which (part|muscle)|location|body", "left eyelid"),
]


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def wait_for_more(page, selector: str, before: int, timeout: float = 15.0) -> None:
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length > n",
        arg=[selector, before],
        timeout=timeout * 1000,
    )


def settle(page, quiet: float = 0.6, timeout: float = 15.0) -> None:
    """Wait until no new bot message arrived for `quiet` seconds and the typing indicator is gone."""
    deadline = time.monotonic() + timeout
    last = count(page, BOT_MESSAGES)
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = count(page, BOT_MESSAGES)
        if now != last:
            last, stable_since = now, time.monotonic()
            continue
        typing = page.locator("[data-testid=typing-indicator]")
        busy = typing.count() > 0 and typing.first.is_visible()
        if not busy and time.monotonic() - stable_since >= quiet:
            return
    raise AssertionError("the bot kept typing")


def open_chat(page, web_url: str, wait_greeting: bool = True) -> None:
    page.goto(web_url + "/")
    page.click("#start-chat")
    page.wait_for_selector(INPUT, state="visible")
    page.wait_for_function(
        "() => !document.querySelector('.rw-new-message').disabled", timeout=15000
    )
    if wait_greeting:
        try:
            wait_for_more(page, BOT_MESSAGES, 0, timeout=8)
        except Exception:  # noqa: BLE001 - a bot without a greeting is fine
            pass
        settle(page)


def send(page, text: str, expect_reply: bool = True) -> None:
    before = count(page, BOT_MESSAGES)
    field = page.locator(INPUT)
    field.click()
    field.fill(text)
    field.press("Enter")
    if expect_reply:
        wait_for_more(page, BOT_MESSAGES, before)
        settle(page)


def last_bot_text(page) -> str:
    messages = page.locator(BOT_MESSAGES)
    n = messages.count()
    return messages.nth(n - 1).inner_text() if n else ""


def answer_for(question: str) -> str:
    q = question.lower()
    for pattern, answer in ANSWERS:
        if re.search(pattern, q):
            return answer
    return "I don't know"


def hold_conversation_to_card(page, web_url: str, max_turns: int = 8) -> list[str]:
    """Open the chat, describe the eyelid twitch, answer follow-up questions until the card shows."""
    open_chat(page, web_url)
    said = [FIRST_MESSAGE]
    send(page, FIRST_MESSAGE)
    for _ in range(max_turns):
        if count(page, CARD):
            return said
        reply = answer_for(last_bot_text(page))
        said.append(reply)
        send(page, reply)
    assert count(page, CARD), (
        "no assessment card after the conversation; last bot message: " + last_bot_text(page)
    )
    return said


def quick_reply(page, pattern: str):
    """The last quick reply whose title matches `pattern` (regex, case-insensitive), or None."""
    replies = page.locator(".rw-reply")
    for i in reversed(range(replies.count())):
        if re.search(pattern, replies.nth(i).inner_text(), re.I):
            return replies.nth(i)
    return None


def ask_for_summary(page) -> bool:
    """After the assessment: take the bot up on its offer of a visit summary, if it made one."""
    if count(page, SUMMARY_CARD) or page.locator(CARD).last.locator(COPY).count():
        return True
    button = quick_reply(page, r"summary")
    if button is None:
        return False
    before = count(page, BOT_MESSAGES)
    button.click()
    wait_for_more(page, BOT_MESSAGES, before)
    settle(page)
    page.wait_for_selector(SUMMARY_CARD)
    return True
