"""The chat widget on the demo page against the real assistant, in headless Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_chat import (
    BOT_MESSAGES,
    CARD,
    COPY,
    SUMMARY_CARD,
    ask_for_summary,
    FIRST_MESSAGE,
    INPUT,
    USER_MESSAGES,
    answer_for,
    count,
    hold_conversation_to_card,
    last_bot_text,
    open_chat,
    send,
    settle,
    wait_for_more,
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def assert_clean(watch):
    assert not watch.dialogs, f"a dialog opened: {watch.dialogs}"
    assert not watch.errors, f"page errors: {watch.errors}"
    assert not watch.external_requests, f"requests to the internet: {watch.external_requests}"
    csp = [e for e in watch.console_errors if "Content Security Policy" in e]
    assert not csp, f"CSP violations: {csp}"


def check_card(card):
    """The card shows what a worried person needs, in words."""
    assert card.get_attribute("data-triage") == "self_care", card.inner_text()
    assert card.locator(".tw-care__label").inner_text().strip().lower() == "non-urgent advice"
    assert card.locator("[data-testid=twitch-type]").inner_text().strip()
    assert card.locator("[data-testid=next-steps] li").count() >= 1
    # nothing worrying was said, so no red flags
    assert card.locator("[data-testid=red-flags-none]").count() == 1
    assert card.locator("[data-testid=sources] li").count() >= 1
    assert "not a diagnosis" in card.locator("[data-testid=disclaimer]").inner_text()
    summary = card.locator("[data-testid=summary]")
    if summary.count():
        text = summary.input_value().lower()
        assert "eyelid" in text, text
        assert card.locator("[data-testid=copy-summary]").is_visible()


def show_card_top(page, card):
    card.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(150)


def test_whole_conversation_card_and_reload(stack, new_page, results_dir):
    page, watch = new_page(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    said = hold_conversation_to_card(page, stack["web"])
    card = page.locator(CARD).last
    check_card(card)

    show_card_top(page, card)
    page.screenshot(path=str(results_dir / "card-desktop.png"))

    # the visit summary (in the card, or offered after it) can be copied
    assert ask_for_summary(page), "no visit summary offered"
    holder = page.locator(f"{SUMMARY_CARD}, {CARD}").last
    summary = holder.locator("[data-testid=summary]")
    assert "eyelid" in summary.input_value().lower()
    holder.locator(COPY).click()
    expect(holder.get_by_role("status")).to_have_text("Summary copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == summary.input_value()
    page.screenshot(path=str(results_dir / "summary-desktop.png"))

    # reload: the conversation is still there and the bot still answers
    bots_before = count(page, BOT_MESSAGES)
    page.reload()
    if not page.locator(INPUT).count():
        page.click(".rw-launcher")
    page.wait_for_selector(CARD)
    user_texts = page.locator(USER_MESSAGES).all_inner_texts()
    assert user_texts[: len(said)] == said
    assert count(page, BOT_MESSAGES) == bots_before
    check_card(page.locator(CARD).last)
    if count(page, SUMMARY_CARD):
        assert "eyelid" in page.locator(SUMMARY_CARD).last.locator("[data-testid=summary]").input_value().lower()
    send(page, "thank you")
    assert count(page, BOT_MESSAGES) > bots_before, "no reply after the reload"
    assert_clean(watch)


def test_card_on_a_phone(stack, new_page, results_dir):
    page, watch = new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    hold_conversation_to_card(page, stack["web"])
    card = page.locator(CARD).last
    check_card(card)
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    show_card_top(page, card)
    page.screenshot(path=str(results_dir / "card-phone.png"))
    if ask_for_summary(page):
        page.locator(COPY).last.scroll_into_view_if_needed()
        page.screenshot(path=str(results_dir / "summary-phone.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(INPUT).is_visible()
    assert_clean(watch)


def test_readable_at_200_percent_zoom(stack, new_page, results_dir):
    # 200% zoom of a 1280x900 window: a 640x450 CSS-pixel viewport at twice the density
    zoomed = {"width": 640, "height": 450}
    page, watch = new_page(viewport=zoomed, device_scale_factor=2)
    hold_conversation_to_card(page, stack["web"])
    card = page.locator(CARD).last
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= zoomed["width"] + 0.5, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= zoomed["width"]
    # the message field and the close button stay on screen
    for selector in (INPUT, ".rw-close-button"):
        b = page.locator(selector).bounding_box()
        assert b and b["y"] >= 0 and b["y"] + b["height"] <= zoomed["height"] + 0.5, (selector, b)
    show_card_top(page, card)
    page.screenshot(path=str(results_dir / "card-zoom-200.png"))
    assert_clean(watch)


INJECTIONS = [
    "<img src=x onerror=alert(1)>",
    '<svg onload="window.__pwned=1"></svg><script>window.__pwned=2</script>',
    "[click me](javascript:alert(2))",
]


@pytest.mark.parametrize("enforce_csp", [False, True], ids=["widget-alone", "with-csp"])
def test_typed_markup_is_shown_as_text(stack, new_page, enforce_csp):
    # widget-alone: the page's Content-Security-Policy is switched off, so only the
    # widget's own escaping stands between the message and the browser.
    page, watch = new_page(viewport=DESKTOP, bypass_csp=not enforce_csp)
    open_chat(page, stack["web"])
    for text in INJECTIONS:
        send(page, text)
        shown = page.locator(USER_MESSAGES).last.inner_text()
        assert shown == text
    settle(page)
    page.wait_for_timeout(300)
    chat = page.locator(".rw-conversation-container")
    assert chat.locator("img[src='x'], svg[onload], script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    assert not watch.dialogs, f"script ran: {watch.dialogs}"
    assert not watch.errors


def focused(page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return '';
            return [el.tagName.toLowerCase(), el.className || '', el.getAttribute('aria-label') || '',
                    (el.innerText || el.value || '').slice(0, 40)].join('|');
        }"""
    )


def tab_to(page, selector: str, max_tabs: int = 40, backwards: bool = False) -> None:
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_tabs):
        page.keyboard.press(key)
        if page.evaluate("(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector):
            # the focus can be seen
            ring = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
            )
            sender_ring = page.evaluate(
                "() => getComputedStyle(document.querySelector('.rw-sender') || document.body).boxShadow !== 'none'"
            )
            assert ring or (selector == INPUT and sender_ring), f"no visible focus on {selector}"
            return
    raise AssertionError(f"could not reach {selector} with the keyboard; focus is on {focused(page)}")


def shift_tab_to_quick_reply(page, title: str, max_tabs: int = 40) -> None:
    """From the message field, walk back with Shift+Tab to the quick reply `title`."""
    page.locator(INPUT).focus()
    for _ in range(max_tabs):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(
            "(want) => document.activeElement.classList.contains('rw-reply')"
            " && document.activeElement.innerText.trim().toLowerCase() === want",
            title.strip().lower(),
        ):
            return
    raise AssertionError(f"quick reply {title!r} not reachable with the keyboard")


def keyboard_send(page, text: str) -> None:
    before = count(page, BOT_MESSAGES)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_for_more(page, BOT_MESSAGES, before)
    settle(page)


def test_keyboard_only(stack, new_page):
    page, watch = new_page(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page.goto(stack["web"] + "/")

    # open the chat from the chat bubble, as on any site that embeds it
    tab_to(page, ".rw-launcher")
    assert page.locator(".rw-launcher").get_attribute("aria-label") == "Open the twitch assistant chat"
    page.keyboard.press("Enter")
    page.wait_for_selector(INPUT)
    assert page.locator(".rw-messages-container").get_attribute("role") == "log"
    assert page.locator(INPUT).get_attribute("aria-label")
    try:
        wait_for_more(page, BOT_MESSAGES, 0, timeout=8)
    except Exception:  # noqa: BLE001 - no greeting is fine
        pass
    settle(page)
    tab_to(page, INPUT)

    keyboard_send(page, FIRST_MESSAGE)
    used_quick_reply = False
    for _ in range(8):
        if count(page, CARD):
            break
        answer = answer_for(last_bot_text(page))
        replies = page.locator(".rw-reply")
        titles = [t.strip().lower() for t in replies.all_inner_texts()]
        if answer.lower() in titles:
            before_users = count(page, USER_MESSAGES)
            before = count(page, BOT_MESSAGES)
            shift_tab_to_quick_reply(page, answer)
            page.keyboard.press("Enter")
            wait_for_more(page, USER_MESSAGES, before_users)
            wait_for_more(page, BOT_MESSAGES, before)
            settle(page)
            used_quick_reply = True
            page.locator(INPUT).focus()
        else:
            keyboard_send(page, answer)
    assert count(page, CARD), "no assessment card after a keyboard-only conversation"
    check_card(page.locator(CARD).last)

    # the offered summary, asked for with the keyboard
    offer = [t for t in page.locator(".rw-reply").all_inner_texts() if "summary" in t.lower()]
    if offer and not page.locator(COPY).count():
        before = count(page, BOT_MESSAGES)
        shift_tab_to_quick_reply(page, offer[-1])
        page.keyboard.press(" ")
        wait_for_more(page, BOT_MESSAGES, before)
        settle(page)
        used_quick_reply = True

    # from the message field, Shift+Tab reaches the copy button
    if page.locator(COPY).count():
        page.locator(INPUT).focus()
        tab_to(page, "[data-testid=copy-summary]", backwards=True)
        page.keyboard.press("Enter")
        expect(page.locator(f"{SUMMARY_CARD}, {CARD}").last.get_by_role("status")).to_have_text("Summary copied.")

    # and the chat closes from the keyboard (header button on phones, the bubble on desktops)
    page.locator(INPUT).focus()
    if page.locator(".rw-close-button").is_visible():
        tab_to(page, ".rw-close-button", backwards=True, max_tabs=80)
    else:
        tab_to(page, ".rw-launcher")
        assert page.locator(".rw-launcher").get_attribute("aria-label") == "Close the twitch assistant chat"
        assert page.locator(".rw-launcher").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    page.wait_for_selector(INPUT, state="detached")
    assert_clean(watch)
    print("quick reply used with the keyboard:", used_quick_reply)
