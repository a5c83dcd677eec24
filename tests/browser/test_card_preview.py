"""The assessment card for every triage level, rendered from example payloads.

Needs Chromium and the built widget, not Rasa (web/public/card-preview.html).
"""
from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

# NHS care-card colours and wording per level: (label, heading background, card level)
LEVELS = {
    "self_care": ("Non-urgent advice", "rgb(0, 94, 184)", "non-urgent"),
    "see_doctor": ("Non-urgent advice", "rgb(0, 94, 184)", "non-urgent"),
    "see_doctor_soon": ("Urgent advice", "rgb(213, 40, 27)", "urgent"),
    "emergency": ("Immediate action required", "rgb(213, 40, 27)", "immediate"),
}


@pytest.fixture
def preview(new_page, static_web_url):
    page, watch = new_page()
    page.goto(static_web_url + "/card-preview.html")
    page.wait_for_selector("#card-emergency [data-testid=assessment-card]")
    return page, watch


@pytest.mark.parametrize("level", list(LEVELS))
def test_triage_level_in_words_and_colour(preview, level):
    page, watch = preview
    label, colour, css_level = LEVELS[level]
    card = page.locator(f"#card-{level} [data-testid=assessment-card]")
    assert card.get_attribute("data-triage") == level
    heading = card.locator(".tw-care__heading")
    assert heading.locator(".tw-care__label").inner_text().strip().lower() == label.lower()
    assert heading.evaluate("el => getComputedStyle(el).backgroundColor") == colour
    assert f"tw-care--{css_level}" in card.locator("[data-testid=triage]").get_attribute("class")
    # the triage heading is a real heading for screen readers, and says the level in words
    assert heading.evaluate("el => el.tagName") == "H3"
    assert label.split(":")[0] in heading.text_content()
    assert card.locator("[data-testid=next-steps] li").count() >= 1
    assert "not a diagnosis" in card.locator("[data-testid=disclaimer]").inner_text()
    if level == "emergency":
        assert "call emergency services now" in card.inner_text().lower()
    assert not watch.errors and not watch.dialogs


def test_red_flags_quote_the_users_words_as_text(preview):
    page, _ = preview
    card = page.locator("#card-see_doctor_soon [data-testid=assessment-card]")
    flag = card.locator("[data-testid=red-flags] li").first
    assert flag.get_attribute("data-code") == "weakness"
    assert "Weakness" in flag.inner_text()
    quotes = flag.locator("q").all_inner_texts()
    assert quotes == ["my grip is <b>weaker</b>", "I drop my cup"]
    assert card.locator("b").count() == 0, "the user's words were parsed as HTML"


def test_card_parts(preview):
    page, _ = preview
    card = page.locator("#card-self_care [data-testid=assessment-card]")
    assert "fasciculation" in card.locator("[data-testid=twitch-type]").inner_text().lower()
    assert card.locator("[data-testid=red-flags-none]").count() == 1
    assert "An Overview of Muscle Twitches" in card.locator("[data-testid=sources]").inner_text()
    summary = card.locator("[data-testid=summary]").input_value()
    assert "left eyelid" in summary and "a week ago" in summary
    # self-care tips come from the knowledge base, not from the page
    assert "Get enough sleep." in card.locator("[data-testid=next-steps]").inner_text()


def test_visit_summary_card(preview):
    page, _ = preview
    card = page.locator("#card-visit_summary [data-testid=summary-card]")
    assert card.locator("h2").inner_text() == "Summary for your visit"
    assert "left eyelid" in card.locator("[data-testid=summary]").input_value()
    assert card.locator("[data-testid=copy-summary]").is_visible()


def test_copy_summary(new_page, static_web_url):
    page, _ = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(static_web_url + "/card-preview.html")
    card = page.locator("#card-see_doctor [data-testid=assessment-card]")
    card.locator("[data-testid=copy-summary]").click()
    expect(card.get_by_role("status")).to_have_text("Summary copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == card.locator("[data-testid=summary]").input_value()


def test_preview_screenshots(new_page, static_web_url, results_dir):
    for name, viewport in {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}.items():
        page, _ = new_page(viewport=viewport)
        page.goto(static_web_url + "/card-preview.html")
        page.wait_for_selector("#card-emergency [data-testid=assessment-card]")
        page.screenshot(path=str(results_dir / f"card-levels-{name}.png"), full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"page scrolls sideways on {name}: {width}px"


def test_served_with_content_security_policy(static_web_url):
    with urllib.request.urlopen(static_web_url + "/") as resp:  # noqa: S310 (local)
        csp = resp.headers["Content-Security-Policy"]
        body = resp.read().decode()
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp
    # no CDN: every script and stylesheet comes from this server
    assert "http" not in "".join(
        line for line in body.splitlines() if "<script" in line or "stylesheet" in line
    )
