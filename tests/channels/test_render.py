"""How a turn looks on each platform (channels/render.py): pure functions, no Rasa."""
from __future__ import annotations

import pytest

from channels import render
from twitch_knowledge import emergency
from twitch_knowledge import render as knowledge_render

FALLBACK_BUTTONS = [
    {"title": "Describe my twitching", "payload": "/describe_twitch"},
    {"title": "Ask a question", "payload": "/faq"},
    {"title": "Start again", "payload": "/restart"},
]
SYMPTOM_BUTTONS = [{"title": t, "payload": t.lower()} for t in (
    "Numbness or tingling", "Blurred or double vision", "Balance or coordination",
    "Confusion", "Cramps or stiffness", "Something else")]


def payload(**changes):
    base = {
        "type": "twitch_assessment", "triage": "see_doctor_soon", "triage_label": "see a doctor within the next few days",
        "twitch_type_label": "fasciculations (small twitches under the skin)",
        "next_steps": ["Book an appointment with your doctor within the next few days.",
                       "Write down when the twitching happens."],
        "red_flags": [{"code": "weakness", "evidence": ["my grip is weaker", "I keep tripping"], "explanation": "x"}],
        "sources": [{"title": "An Overview of Muscle Twitches", "section": "When to see a doctor"},
                    {"title": "Is Muscle Twitching a Sign of MS or Something Else?", "section": "ALS"}],
        "not_a_diagnosis": "This is general information, not a diagnosis.",
        "summary": "...",
    }
    base.update(changes)
    return base


def assessment_message(**changes):
    return {"text": "THE LONG WEB TEXT", "custom": payload(**changes)}


def emergency_message():
    signs = emergency.detect_emergency("my face is drooping and I can't speak")
    return {"text": knowledge_render.emergency_text(signs), "custom": knowledge_render.emergency_payload(signs)}


def test_the_assessment_is_one_text_with_every_part_and_not_the_web_text():
    text = render.message_text(assessment_message())
    assert text.startswith("Advice: See a doctor within the next few days.")
    assert "- Book an appointment with your doctor within the next few days." in text
    assert '- "my grip is weaker"' in text and '- "I keep tripping"' in text
    assert "- An Overview of Muscle Twitches, When to see a doctor" in text
    assert text.endswith("This is general information, not a diagnosis.")
    assert "THE LONG WEB TEXT" not in text
    for platform in (render.telegram_messages, render.messenger_messages):
        bodies = platform([assessment_message()])
        assert len(bodies) == 1 and "THE LONG WEB TEXT" not in str(bodies)


def test_a_next_step_that_only_repeats_the_advice_is_not_said_twice():
    p = payload(triage_label="look after yourself at home and watch for changes",
                next_steps=["Look after yourself at home and watch for changes.", "Get enough sleep."])
    text = render.assessment_text(p)
    assert text.count("ook after yourself at home") == 1 and "- Get enough sleep." in text
    short = render.sms_short_assessment(p)
    assert short.count("ook after yourself at home") == 1 and "Get enough sleep." in short


def test_a_real_assessment_payload_renders():
    msg = emergency_message()
    text = render.message_text(msg)
    assert text.startswith("Advice: Call emergency services now.")
    assert '"face is drooping"' in text
    assert "not a diagnosis" in text


def test_the_emergency_comes_first_and_alone_on_every_platform():
    turn = [{"text": "Thanks, noted."}, {"text": "Anything else?", "buttons": FALLBACK_BUTTONS}, emergency_message()]
    slack = render.slack_messages(turn)
    assert "Call emergency services" in slack[0]["blocks"][0]["text"]["text"]
    assert all("Call emergency" not in str(m) for m in slack[1:])
    telegram = render.telegram_messages(turn)
    assert telegram[0]["text"].startswith("Advice: Call emergency services now.")
    assert "reply_markup" not in telegram[0] and "Thanks" not in telegram[0]["text"]
    messenger = render.messenger_messages(turn)
    assert messenger[0]["text"].startswith("Advice: Call emergency services now.") and "quick_replies" not in messenger[0]
    for whatsapp in (False, True):
        sms = render.sms_turn(turn, whatsapp=whatsapp)
        assert sms.bodies[0].startswith("Advice: Call emergency services now.")
        assert "Thanks" not in sms.bodies[0] and "Reply 1" not in sms.bodies[0]
        assert sms.details is None  # the emergency is never shortened behind DETAILS


def test_an_emergency_typed_custom_message_counts_as_emergency():
    assert render.is_emergency({"custom": {"type": "emergency_alert"}})
    assert render.is_emergency({"custom": {"data": {"type": "twitch_assessment", "triage": "emergency"}}})
    assert not render.is_emergency({"custom": payload()})
    assert not render.is_emergency({"text": "emergency"})


def test_slack_buttons_are_block_kit_buttons_with_the_payload_as_value():
    [message] = render.slack_messages([{"text": "Pick one", "buttons": FALLBACK_BUTTONS}])
    actions = message["blocks"][-1]
    assert actions["type"] == "actions"
    assert [(e["type"], e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("button", b["title"], b["payload"]) for b in FALLBACK_BUTTONS]
    assert message["text"] == "Pick one"


def test_slack_escapes_its_markup_and_keeps_sections_under_3000():
    [message] = render.slack_messages([{"text": "a < b & c > d\n\n" + ("word " * 1500)}])
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert sections[0] == "a &lt; b &amp; c &gt; d"
    assert all(len(s) <= 3000 for s in sections) and len(sections) >= 3


def test_telegram_buttons_are_an_inline_keyboard_and_long_payloads_become_indexes():
    long = {"title": "Long", "payload": '/inform{"twitch_location": "' + "x" * 80 + '"}'}
    [body] = render.telegram_messages([{"text": "Pick", "buttons": FALLBACK_BUTTONS + [long]}])
    keyboard = body["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == ["/describe_twitch", "/faq", "/restart", "#3"]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)


def test_telegram_splits_at_4096_on_paragraph_boundaries():
    paragraphs = [f"Paragraph {i}. " + "x" * 900 for i in range(10)]
    bodies = render.telegram_messages([{"text": "\n\n".join(paragraphs), "buttons": FALLBACK_BUTTONS}])
    assert len(bodies) == 3
    assert all(len(b["text"]) <= 4096 for b in bodies)
    assert all(b["text"].startswith("Paragraph") for b in bodies)  # never cut inside a paragraph
    assert "\n\n".join(b["text"] for b in bodies) == "\n\n".join(paragraphs)
    assert "reply_markup" in bodies[-1] and all("reply_markup" not in b for b in bodies[:-1])


def test_messenger_quick_replies_fit_the_20_character_titles():
    [body] = render.messenger_messages([{"text": "Pick", "buttons": FALLBACK_BUTTONS}])
    quick = body["quick_replies"]
    assert [q["payload"] for q in quick] == ["/describe_twitch", "/faq", "/restart"]
    assert all(len(q["title"]) <= 20 and q["content_type"] == "text" for q in quick)
    assert quick[0]["title"] == "Describe my twitchi…"  # 21 characters cut, marked


def test_split_text_cuts_lines_then_sentences_then_words_never_exceeding():
    text = "First sentence here. Second sentence is longer. Third one."
    assert render.split_text(text, 30) == ["First sentence here.", "Second sentence is longer.", "Third one."]
    assert render.split_text("line one\nline two\nline three", 18) == ["line one\nline two", "line three"]
    assert render.split_text("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
    assert render.split_text("   ", 10) == []
    for limit in (15, 50, 200):
        chunks = render.split_text(render.message_text(assessment_message()), limit)
        assert all(len(c) <= limit for c in chunks)


def test_sms_numbers_the_options_and_maps_numbers_and_words_back():
    turn = render.sms_turn([{"text": "Pick one", "buttons": FALLBACK_BUTTONS}])
    assert turn.bodies == ["Pick one\n\nReply 1, 2 or 3:\n1 Describe my twitching\n2 Ask a question\n3 Start again"]
    assert turn.buttons == FALLBACK_BUTTONS
    for reply, expected in [("1", "/describe_twitch"), ("2.", "/faq"), (" 3 ", "/restart"), ("option 2", "/faq"),
                            ("#1", "/describe_twitch"), ("Ask a question", "/faq"), ("start again!", "/restart"),
                            ("4", None), ("0", None), ("my calf twitches", None), ("12 days", None)]:
        assert render.match_reply(reply, turn.buttons) == expected, reply
    assert render.match_reply("1", []) is None


def test_whatsapp_offers_at_most_three_options():
    turn = render.sms_turn([{"text": "Any of these?", "buttons": SYMPTOM_BUTTONS}], whatsapp=True)
    assert len(turn.buttons) == 3
    assert "Reply 1, 2 or 3:" in turn.bodies[0] and "4 " not in turn.bodies[0]
    assert render.match_reply("4", turn.buttons) is None
    sms = render.sms_turn([{"text": "Any of these?", "buttons": SYMPTOM_BUTTONS}])
    assert len(sms.buttons) == 6 and "Reply 1, 2, 3, 4, 5 or 6:" in sms.bodies[0]


def test_the_sms_assessment_is_at_most_3_segments_with_details_on_request():
    long_steps = ["Book an appointment with your doctor within the next few days, and bring a list of "
                  "every medicine you take, how much caffeine you drink and how you sleep. " * 4]
    for p in (payload(), payload(next_steps=long_steps), payload(next_steps=[])):
        turn = render.sms_turn([{"text": "long", "custom": p}, {"text": "Want a summary?", "buttons": FALLBACK_BUTTONS[:2]}])
        short = turn.bodies[0]
        assert short.startswith("Advice: See a doctor within the next few days.")
        assert "not a diagnosis" in short and short.endswith("Reply DETAILS for the full explanation.")
        assert render.sms_segments(short) <= 3 and len(short) <= 459
        assert turn.details and '"my grip is weaker"' in turn.details and "Sources:" in turn.details
        assert all(len(b) <= 1600 for b in render.details_bodies(turn.details))
    assert render.is_details_request("Details") and render.is_details_request(" DETAILS. ")
    assert not render.is_details_request("what details do you need")


def test_whatsapp_gets_the_assessment_in_full():
    turn = render.sms_turn([assessment_message()], whatsapp=True)
    assert turn.details is None and "Sources:" in turn.bodies[0]


def test_sms_text_stays_in_the_gsm_alphabet():
    turn = render.sms_turn([{"text": "It\u2019s \u201cfine\u201d \u2013 really\u2026"}])
    assert turn.bodies == ["It's \"fine\" - really..."]
    assert render.sms_segments("a" * 160) == 1 and render.sms_segments("a" * 161) == 2
    assert render.sms_segments("\u00e9" * 71) == 2


@pytest.mark.parametrize("bad", [{}, {"text": None}, {"custom": "x"}, {"buttons": "no"}, {"custom": {"type": 3}}])
def test_odd_messages_do_not_break_rendering(bad):
    for platform in (render.slack_messages, render.telegram_messages, render.messenger_messages):
        assert platform([bad]) == []
    assert render.sms_turn([bad]).bodies == []
