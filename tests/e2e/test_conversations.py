"""Whole conversations with the real servers, over the REST channel."""
from __future__ import annotations

import pytest
import requests

ALL_ANSWERS = {
    "twitch_location": "my left eyelid",
    "twitch_onset": "about a week ago",
    "twitch_frequency": "a few times a day",
    "twitch_duration": "a few seconds",
    "weakness": "no",
    "other_symptoms": "no, nothing else",
}

NOT_A_DIAGNOSIS = "not a diagnosis"


def test_short_description_is_interviewed_then_assessed_as_benign(chat):
    payload = chat.answer_until_assessed(ALL_ANSWERS, "my eyelid has been jumping for a week")

    # the opening already said where and since when: where is never asked again; the
    # onset question asks only how it began, once, last (a sudden start in one muscle
    # would change the advice)
    assert "twitch_location" not in payload["_asked"]
    assert payload["_asked"].count("twitch_onset") == 1 and payload["_asked"][-1] == "twitch_onset"
    assert len(payload["_asked"]) <= 6
    assert payload["twitch_type"] == "fasciculation"
    assert payload["triage"] == "self_care"
    assert payload["red_flags"] == []
    assert "weakness" in payload["facts"]["symptoms_absent"]
    assert payload["sources"], "every assessment names its sources"
    text = chat.texts(chat.transcript[-1]["bot"]).lower()
    assert NOT_A_DIAGNOSIS in text


def test_tripping_raises_weakness_and_is_never_reassured(chat):
    answers = dict(ALL_ANSWERS, twitch_location="right calf", weakness="yes")
    payload = chat.answer_until_assessed(answers, "my calf flickers and I keep tripping")

    assert payload["triage"] == "see_doctor_soon"
    flags = {flag["code"]: flag for flag in payload["red_flags"]}
    assert "weakness" in flags
    assert any("trip" in words.lower() for words in flags["weakness"]["evidence"])
    text = chat.texts(chat.transcript[-1]["bot"]).lower()
    assert "nothing to worry about" not in text


def test_a_message_that_says_everything_gets_at_most_one_question(chat):
    opening = ("my right calf has been flickering for two weeks, a few times a day, "
               "each lasts a few seconds, no weakness and no other symptoms")
    payload = chat.answer_until_assessed(ALL_ANSWERS, opening)
    assert len(payload["_asked"]) <= 1
    assert payload["facts"]["location"]
    assert "calf" in payload["facts"]["location"].lower()


def test_a_sudden_start_in_one_muscle_is_asked_about_and_changes_the_advice(chat):
    answers = dict(ALL_ANSWERS, twitch_location="my right thigh",
                   twitch_onset="yes, it came out of nowhere and it's always the same spot")
    payload = chat.answer_until_assessed(answers, "I've had a twitch in my right thigh for about ten days")
    assert payload["_asked"][-1] == "twitch_onset"
    asked = chat.texts(chat.transcript[-2]["bot"])
    assert "suddenly" in asked and "for about ten days" in asked
    assert payload["triage"] == "see_doctor"
    assert [flag["code"] for flag in payload["red_flags"]] == ["sudden_focal_onset"]
    assert "ten days" in payload["facts"]["onset"], "the answer did not erase when it began"


def test_negated_symptoms_are_recorded_absent_not_present(chat):
    opening = ("my thigh twitches, started 3 days ago, on and off for a few seconds. "
               "I don't have slurred speech or trouble swallowing and I'm not weak at all")
    payload = chat.answer_until_assessed(ALL_ANSWERS, opening)
    absent = set(payload["facts"]["symptoms_absent"])
    assert {"slurred_speech", "trouble_swallowing", "weakness"} <= absent
    assert not absent & set(payload["facts"]["symptoms_present"])
    assert payload["triage"] == "self_care"


def test_correction_replaces_the_earlier_answer(chat):
    chat.send("my calf has been twitching for a month")
    chat.send("actually it's my left thigh")
    location = chat.slot("twitch_location").lower()
    assert "thigh" in location and "calf" not in location


def test_question_in_the_middle_is_answered_and_the_interview_resumes(chat):
    chat.send("my thigh muscle keeps jumping")
    asked_before = chat.slot("requested_slot")
    replies = chat.send("can twitching be a sign of ALS?")
    text = chat.texts(replies)
    assert "ALS" in text
    assert "Source" in text
    assert chat.slot("requested_slot") == asked_before
    assert len([r for r in replies if r.get("text")]) >= 2, "the question is asked again"


def test_dont_know_is_accepted_and_leans_towards_a_doctor(chat):
    answers = dict(ALL_ANSWERS, weakness="not sure")
    payload = chat.answer_until_assessed(
        answers, "my eyelid has been twitching for three days, on and off, a few seconds each time"
    )
    assert chat.slot("weakness") == "unknown"
    assert payload["triage"] in {"see_doctor", "see_doctor_soon"}


def _emergency_mid_interview(chat, opening: str, emergency: str):
    """Start an interview, then send an emergency: the advice comes and the form ends."""
    chat.send(opening)
    assert chat.slot("requested_slot")
    replies = chat.send(emergency)
    payload = chat.assessment(replies)
    assert payload and payload["triage"] == "emergency"
    assert "emergency" in chat.texts(replies).lower()
    assert not (chat.tracker().get("active_loop") or {}).get("name")
    return replies, payload


def test_emergency_interrupts_the_interview(chat):
    _emergency_mid_interview(chat, "my calf twitches a lot",
                             "my face is drooping on one side and I suddenly can't get my words out")


def test_someone_else_having_a_stroke_gets_emergency_advice_mid_interview(chat):
    replies, payload = _emergency_mid_interview(chat, "my eyelid has been jumping for a week",
                                                "sorry, I think my mum is having a stroke")
    flags = {flag["code"]: flag["evidence"] for flag in payload["red_flags"]}
    assert any("having a stroke" in words for words in flags["emergency_signs"])
    assert "a possible stroke" in chat.texts(replies).lower()


def test_stopping_ends_the_interview_and_keeps_a_concerning_sign_in_view(chat):
    chat.send("my hand twitches and my grip has got weaker")
    replies = chat.send("stop")
    text = chat.texts(replies).lower()
    assert "stopped" in text
    assert "doctor" in text, "a concerning sign already mentioned is not dropped silently"
    assert not (chat.tracker().get("active_loop") or {}).get("name")


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t ",
        "twitch " * 3000,  # about 20,000 characters
        "😱😱😱🦵",
        "Mi párpado tiembla desde hace una semana",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "my calf\x00\x07\x1b[31m twitches\u202e",
    ],
    ids=["empty", "whitespace", "20k-chars", "emoji", "spanish", "html", "control-chars"],
)
def test_bad_input_gets_a_kind_reply_and_the_conversation_carries_on(chat, message):
    replies = chat.send(message)
    assert any(r.get("text") for r in replies), "every message gets a reply"
    # and the conversation is still there and still works
    replies = chat.send("my eyelid has been jumping for a week")
    assert any(r.get("text") for r in replies)
    assert chat.slot("twitch_onset")


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2, 3]", b'"just a string"', b'{"sender": "x"}', b'{"message": 5}'],
    ids=["malformed", "list", "string", "no-message", "number-message"],
)
def test_malformed_requests_get_a_4xx_not_a_500(stack, body):
    response = requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])


def test_a_description_with_a_question_is_answered_and_then_interviewed(chat):
    replies = chat.send("my left calf has been twitching every evening, is that normal?")
    assert "Source" in chat.texts(replies)
    assert chat.slot("requested_slot"), "the interview starts after the answer"
    assert "calf" in chat.slot("twitch_location")


def test_what_a_mid_interview_question_says_about_symptoms_is_kept(chat):
    chat.send("my thigh muscle keeps jumping")
    chat.send("is it ALS? my leg feels weak")
    assert chat.slot("weakness") == "present"


# ------------------------------------------------------------------ no dead ends
def _reply_texts(replies):
    return [r["text"] for r in replies if r.get("text")]


def test_a_one_word_description_starts_the_interview_and_never_loops(chat):
    replies = chat.send("twitching")
    assert chat.slot("requested_slot"), f"the interview did not start: {chat.texts(replies)}"
    seen = []
    for message in ["that's everything, what do you think?"] * 2 + ["no idea"] * 6:
        replies = chat.send(message)
        seen += _reply_texts(replies)
        if chat.assessment(replies):
            break
    assert max(seen.count(t) for t in seen) < 3, chat.transcript
    assert not any("didn't quite understand" in t for t in seen), chat.transcript


def test_three_nonsense_messages_get_three_different_replies_then_buttons(chat):
    first, second, third = (chat.send(m) for m in ("asdf", "qwertyuiop", "zxcvbnm"))
    texts = [chat.texts(r) for r in (first, second, third)]
    assert len(set(texts)) == 3, texts
    assert not any(r.get("buttons") for r in first)
    for replies in (second, third):
        titles = [b["title"] for r in replies for b in r.get("buttons") or []]
        assert titles == ["Describe my twitching", "Ask a question", "Start again"], replies
    assert "zxcvbnm" in texts[2]
    # the buttons work: "Describe my twitching" starts the interview
    chat.send("/describe_twitch")
    assert chat.slot("requested_slot") == "twitch_location"


def test_after_a_bystander_seizure_the_next_reply_restates_the_emergency(chat):
    replies = chat.send("my partner's arms and legs were jerking for about 2 minutes and he "
                        "didn't respond, now he's confused")
    assert "emergency" in chat.texts(replies).lower()
    assert chat.slot("emergency_reported") is True
    replies = chat.send("what do i do now")
    text = chat.texts(replies)
    assert "emergency" in text.lower(), text
    assert "call" in text.lower()
    chat.send("/restart")
    assert chat.slot("emergency_reported") is False


def test_a_spanish_message_gets_the_spanish_reply_not_the_greeting(chat):
    replies = chat.send("hola, me tiembla el párpado")
    text = chat.texts(replies)
    assert "inglés" in text and "emergencias" in text, text
    assert "Hello" not in text


def test_typed_deletion_request_asks_first_and_the_request_again_deletes(chat):
    chat.send("my left calf has been twitching for a week")
    asked = chat.texts(chat.send("yes, delete my data"))
    # a typed request is never a deletion on its own: the classifier cannot be the judge
    assert "delete this whole conversation" in asked, asked
    assert chat.tracker()["events"], "nothing is deleted before the answer"
    done = chat.texts(chat.send("yes delete it"))
    assert "I've deleted this conversation" in done and "calf" not in done, done
    assert not [e for e in chat.tracker()["events"] if e.get("event") == "user"]


def test_forget_it_gives_up_on_the_question_and_deletes_nothing(chat):
    chat.send("my eyelid has been jumping for a few days")
    text = chat.texts(chat.send("forget it"))
    assert "delete" not in text.lower(), text
    users = [e["text"] for e in chat.tracker()["events"] if e.get("event") == "user"]
    assert "my eyelid has been jumping for a few days" in users
