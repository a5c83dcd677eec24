"""The action adapters, run against tracker fixtures (no Rasa server, no model)."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.events import ActiveLoop, SlotSet

from actions.assessment import ActionAssessTwitch, ActionEmergency, ActionVisitSummary
from actions.conversation import ActionAnswerQuestion, ActionStopInterview
from actions.interview import ActionAskTwitchOnset, ValidateTwitchForm
from twitch_knowledge.facts import Facts

from tests.actions.conftest import facts_slot, make_tracker


def slot_values(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def payloads(dispatcher) -> List[Dict[str, Any]]:
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


def texts(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


# --------------------------------------------------------------------------- the form
async def test_opening_description_fills_what_it_says(dispatcher, domain):
    tracker = make_tracker("my left eyelid has been jumping for a week, no weakness")
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    slots = slot_values(events)
    assert "eyelid" in slots["twitch_location"].lower()
    assert slots["weakness"] == "absent"
    assert "twitch_frequency" not in slots, "what was not said is asked, not guessed"
    facts = Facts.from_dict(slots["twitch_facts"])
    assert facts.symptoms.get("weakness") == "absent"
    assert "week" in slots["twitch_onset"], "how it began is asked only at the end, if at all"


async def test_the_onset_slot_reopens_for_how_it_began_once_the_rest_is_known(dispatcher, domain):
    tracker = make_tracker("no, nothing else", intent="deny", active_loop="twitch_form",
                           slots={"requested_slot": "other_symptoms", "twitch_onset": "for a week",
                                  "twitch_facts": facts_slot(
                                      locations=["left eyelid"], movements=["flicker"],
                                      onset="for a week", onset_days=7, frequency="a few times a day",
                                      frequency_code="occasional", duration="a few seconds",
                                      symptoms={"weakness": "absent"})})
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["twitch_onset"] is None and values["requested_slot"] == "twitch_onset"


async def test_the_onset_question_asks_how_when_the_when_is_known(dispatcher, domain):
    tracker = make_tracker("no", intent="deny", active_loop="twitch_form",
                           slots={"requested_slot": "twitch_onset",
                                  "twitch_facts": facts_slot(locations=["right thigh"],
                                                             onset="for about ten days",
                                                             onset_days=10)})
    await ActionAskTwitchOnset().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_onset_kind"
    assert message["onset"] == "for about ten days"


async def test_the_onset_question_asks_when_when_nothing_is_known(dispatcher, domain):
    tracker = make_tracker("my calf", intent="describe_twitch", active_loop="twitch_form",
                           slots={"twitch_facts": facts_slot(locations=["calf"])})
    await ActionAskTwitchOnset().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_twitch_onset"]


async def test_the_onset_question_asks_when_when_the_words_say_neither(dispatcher, domain):
    tracker = make_tracker("my thumb has started twitching", intent="describe_twitch",
                           active_loop="twitch_form",
                           slots={"twitch_facts": facts_slot(locations=["thumb"], onset="has started")})
    await ActionAskTwitchOnset().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_twitch_onset"]


async def test_a_question_mid_interview_is_left_to_the_rules(dispatcher, domain):
    tracker = make_tracker("is this ALS?", intent="faq",
                           slots={"requested_slot": "twitch_onset"}, active_loop="twitch_form")
    assert await ValidateTwitchForm().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages == []


async def test_yes_no_and_not_sure_answer_the_weakness_question(dispatcher, domain):
    for intent, text, expected in [("affirm", "yes", "present"), ("deny", "no", "absent"),
                                   ("dont_know", "not sure", "unknown")]:
        tracker = make_tracker(text, intent=intent, active_loop="twitch_form",
                               slots={"requested_slot": "weakness",
                                      "twitch_facts": facts_slot(locations=["calf"])})
        events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
        assert slot_values(events)["weakness"] == expected, intent


async def test_an_unreadable_answer_is_noted_as_not_sure_and_never_asked_again(dispatcher, domain):
    tracker = make_tracker("🙃🙃", intent="nlu_fallback", active_loop="twitch_form",
                           slots={"requested_slot": "twitch_duration",
                                  "twitch_facts": facts_slot(locations=["calf"])})
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["twitch_duration"] == "unknown"
    assert [m.get("response") for m in dispatcher.messages] == ["utter_noted_unknown"]


async def test_correction_replaces_the_location(dispatcher, domain):
    tracker = make_tracker("actually it's my left thigh", intent="inform", active_loop="twitch_form",
                           slots={"requested_slot": "twitch_frequency",
                                  "twitch_location": "calf",
                                  "twitch_facts": facts_slot(locations=["calf"], onset="for a month")})
    slots = slot_values(await ValidateTwitchForm().run(dispatcher, tracker, domain))
    assert "thigh" in slots["twitch_location"] and "calf" not in slots["twitch_location"]


# --------------------------------------------------------------------------- assessment
async def test_assessment_sends_text_and_the_payload(dispatcher, domain):
    facts = facts_slot(locations=["left eyelid"], movements=["flicker"], onset="a week",
                       onset_days=7, frequency="a few times a day", frequency_code="frequent",
                       duration="a few seconds", symptoms={"weakness": "absent"},
                       triggers=["caffeine"], other_symptoms_answered=True)
    tracker = make_tracker("no", intent="deny", slots={"twitch_facts": facts})
    events = await ActionAssessTwitch().run(dispatcher, tracker, domain)
    [payload] = payloads(dispatcher)
    assert payload["type"] == "twitch_assessment"
    assert payload["twitch_type"] == "fasciculation"
    assert payload["triage"] == "self_care"
    assert payload["facts"]["symptoms_absent"] == ["weakness"]
    assert payload["sources"]
    assert "not a diagnosis" in texts(dispatcher).lower()
    assert slot_values(events)["twitch_assessment"] == payload


async def test_weakness_is_never_assessed_as_self_care(dispatcher, domain):
    facts = facts_slot(locations=["right hand"], movements=["flicker"],
                       symptoms={"weakness": "present"},
                       evidence={"weakness": ["my grip is weaker"]}, triggers=["stress_anxiety"])
    tracker = make_tracker("yes", intent="affirm", slots={"twitch_facts": facts})
    await ActionAssessTwitch().run(dispatcher, tracker, domain)
    [payload] = payloads(dispatcher)
    assert payload["triage"] == "see_doctor_soon"
    assert {"code": "weakness"}.items() <= payload["red_flags"][0].items()
    assert "my grip is weaker" in payload["red_flags"][0]["evidence"]


async def test_emergency_interrupts_the_form(dispatcher, domain):
    tracker = make_tracker("my face is drooping and my arm went numb suddenly on one side",
                           intent="report_emergency", active_loop="twitch_form",
                           slots={"requested_slot": "twitch_onset"})
    events = await ActionEmergency().run(dispatcher, tracker, domain)
    [payload] = payloads(dispatcher)
    assert payload["triage"] == "emergency"
    assert ActiveLoop(None) in events
    assert SlotSet("requested_slot", None) in events
    assert "emergency" in texts(dispatcher).lower()


async def test_summary_needs_an_assessment_first(dispatcher, domain):
    await ActionVisitSummary().run(dispatcher, make_tracker("summary", intent="request_summary"), domain)
    assert "nothing to summarise" in texts(dispatcher).lower() or "don't have anything" in texts(dispatcher).lower()


async def test_summary_lists_the_providers_questions(dispatcher, domain):
    facts = facts_slot(locations=["calf"], onset="two weeks", frequency="daily",
                       duration="seconds", symptoms={"weakness": "absent"})
    tracker = make_tracker("yes", intent="request_summary",
                           slots={"twitch_facts": facts, "twitch_assessment": {"triage": "self_care"}})
    await ActionVisitSummary().run(dispatcher, tracker, domain)
    summary = texts(dispatcher).lower()
    for words in ["calf", "two weeks", "daily", "seconds"]:
        assert words in summary


# --------------------------------------------------------------------------- conversation
async def test_question_is_answered_with_its_source(dispatcher, domain):
    tracker = make_tracker("is this ALS", intent="faq", response_key="faq/is_it_als")
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    answer = texts(dispatcher)
    assert "ALS" in answer and "Source" in answer


async def test_stopping_keeps_a_concerning_sign_in_view_and_resets(dispatcher, domain):
    facts = facts_slot(locations=["hand"], symptoms={"weakness": "present"},
                       evidence={"weakness": ["grip has got weaker"]})
    tracker = make_tracker("stop", intent="stop", active_loop="twitch_form",
                           slots={"twitch_facts": facts, "requested_slot": "twitch_onset"})
    events = await ActionStopInterview().run(dispatcher, tracker, domain)
    said = texts(dispatcher).lower()
    assert "doctor" in said
    assert ActiveLoop(None) in events
    assert slot_values(events)["twitch_facts"] is None


async def test_an_answer_classified_as_a_question_is_still_taken_as_an_answer(dispatcher, domain):
    tracker = make_tracker("no, strength is normal", intent="faq", active_loop="twitch_form",
                           slots={"requested_slot": "weakness",
                                  "twitch_facts": facts_slot(locations=["bicep"])})
    slots = slot_values(await ValidateTwitchForm().run(dispatcher, tracker, domain))
    assert slots["weakness"] == "absent"


async def test_the_form_never_steps_aside_twice_in_a_row(dispatcher, domain):
    tracker = make_tracker("whatever, it just ripples", intent="faq", active_loop="twitch_form",
                           slots={"requested_slot": "twitch_duration",
                                  "twitch_facts": facts_slot(locations=["tongue"])})
    assert await ValidateTwitchForm().run(dispatcher, tracker, domain) == []
    tracker.events = [
        {"event": "user", "text": "it ripples"},
        {"event": "action", "name": "action_answer_question"},
        {"event": "action", "name": "twitch_form"},
        {"event": "user", "text": "whatever, it just ripples"},
    ]
    slots = slot_values(await ValidateTwitchForm().run(dispatcher, tracker, domain))
    assert slots["twitch_duration"] == "unknown", "noted and moved on, not asked a third time"


async def test_a_description_with_a_question_is_answered_then_interviewed(dispatcher, domain):
    tracker = make_tracker("my calf has been twitching every night, is that normal?", intent="faq",
                           response_key="faq/is_twitching_normal")
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert "Source" in texts(dispatcher)
    assert {"event": "followup", "name": "twitch_form", "timestamp": None} in events


async def test_a_twitch_with_a_symptom_and_a_question_mark_starts_the_interview(dispatcher, domain):
    tracker = make_tracker("tripping n twitching??", intent="faq", response_key="faq/what_is_fasciculation")
    events = await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert {"event": "followup", "name": "twitch_form", "timestamp": None} in events


async def test_a_plain_question_does_not_start_the_interview(dispatcher, domain):
    tracker = make_tracker("can MS cause twitching?", intent="faq", response_key="faq/ms_cause_twitching")
    assert await ActionAnswerQuestion().run(dispatcher, tracker, domain) == []


# ------------------------------------------------------- classifier slips mid-interview
def _mid_interview(text: str, intent: str, requested: str):
    return make_tracker(text, intent=intent, active_loop="twitch_form",
                        slots={"requested_slot": requested,
                               "twitch_facts": facts_slot(locations=["calf"], movements=["flicker"])})


def _followups(events):
    return [e["name"] for e in events if e.get("event") == "followup"]


async def test_an_answer_misread_as_stop_is_taken_as_the_answer(dispatcher, domain):
    events = await ActionStopInterview().run(
        dispatcher, _mid_interview("lots through the day", "stop", "twitch_frequency"), domain)
    assert slot_values(events)["twitch_frequency"] == "lots through the day"
    assert _followups(events) == ["twitch_form"], "the interview goes on"
    assert not any(e.get("event") == "active_loop" for e in events), "and is not ended"
    assert "stopped" not in texts(dispatcher).lower()


async def test_a_real_stop_still_stops(dispatcher, domain):
    events = await ActionStopInterview().run(
        dispatcher, _mid_interview("stop, I don't want to do this", "stop", "twitch_frequency"), domain)
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events)


async def test_an_answer_misread_as_a_summary_request_is_taken_as_the_answer(dispatcher, domain):
    events = await ActionVisitSummary().run(
        dispatcher, _mid_interview("till i put my heel down", "request_summary", "twitch_duration"), domain)
    assert slot_values(events)["twitch_duration"] == "till i put my heel down"
    assert _followups(events) == ["twitch_form"]


async def test_an_emergency_guess_without_an_emergency_sign_gives_the_signs_and_goes_on(dispatcher, domain):
    events = await ActionEmergency().run(
        dispatcher, _mid_interview("no, my arms are as strong as ever", "report_emergency", "weakness"), domain)
    said = texts(dispatcher)
    assert "call emergency services now" in said and said.startswith("If you suddenly")
    assert slot_values(events)["weakness"] == "absent", "the answer is kept"
    assert _followups(events) == ["twitch_form"]
    assert not payloads(dispatcher), "no emergency assessment was made"


# ------------------------------------------------------ follow-ups (issue 14)
async def test_a_yes_to_other_symptoms_asks_which_ones(dispatcher, domain):
    tracker = make_tracker("yes", intent="affirm", active_loop="twitch_form",
                           slots={"requested_slot": "other_symptoms", "twitch_facts": facts_slot(
                               locations=["left calf"], movements=["flicker"], onset="for a week",
                               onset_days=7, onset_kind="gradual", frequency="daily", frequency_code="frequent",
                               duration="seconds", symptoms={"weakness": "absent"})})
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["requested_slot"] == "which_symptoms"


async def test_the_which_symptoms_question_quotes_the_words_it_did_not_know(dispatcher, domain):
    from actions.interview import ActionAskWhichSymptoms

    tracker = make_tracker("a bit of a headache", intent="out_of_scope", active_loop="twitch_form",
                           slots={"requested_slot": "which_symptoms", "twitch_facts": facts_slot(
                               unrecognised_symptoms=["a bit of a headache"], follow_ups_pending=["which_symptoms"])})
    await ActionAskWhichSymptoms().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert '"a bit of a headache"' in message["text"]
    titles = [b["title"] for b in message["buttons"]]
    assert "Something else" in titles and "Numbness or tingling" in titles


async def test_the_answer_to_which_symptoms_ends_the_questions(dispatcher, domain):
    tracker = make_tracker("something else", intent="out_of_scope", active_loop="twitch_form",
                           slots={"requested_slot": "which_symptoms", "twitch_facts": facts_slot(
                               locations=["left calf"], movements=["flicker"], onset="for a week",
                               onset_days=7, onset_kind="gradual", frequency="daily", frequency_code="frequent",
                               duration="seconds", symptoms={"weakness": "absent"}, other_symptoms_answered=True,
                               unrecognised_symptoms=["a bit of a headache"], follow_ups_pending=["which_symptoms"])})
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["requested_slot"] is None
    assert Facts.from_dict(values["twitch_facts"]).unrecognised_symptoms == ["a bit of a headache"]


# ------------------------------------------------------------ after the emergency advice
async def test_after_an_emergency_a_description_gets_the_emergency_advice_not_questions(dispatcher, domain):
    slots = {"emergency_reported": True,
             "twitch_facts": facts_slot(emergency_signs=["seizure"], evidence={"seizure": ["jerking all over"]})}
    tracker = make_tracker("she says shes just tired and wants to sleep", slots=slots,
                           active_loop="twitch_form")
    events = await ValidateTwitchForm().run(dispatcher, tracker, domain)
    assert slot_values(events) == {"requested_slot": None}  # no interview: it ends at once
    assert dispatcher.messages == []
    await ActionAssessTwitch().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert "Earlier you told me about: a seizure" in message["text"]
    assert "999, 911 or 112" in message["text"]
    assert not payloads(dispatcher)  # no assessment, so no self-care advice either
    assert [b["payload"] for b in message["buttons"]] == ["/restart"]


async def test_an_unread_answer_names_the_question_it_was_for(dispatcher, domain):
    tracker = make_tracker("purple elephants", intent="inform", active_loop="twitch_form",
                           slots={"requested_slot": "twitch_frequency",
                                  "twitch_facts": facts_slot(locations=["calf"], movements=["flicker"])})
    await ValidateTwitchForm().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_noted_unknown"
    assert message["topic"] == "how often it happens"


async def test_the_follow_up_says_it_again_in_other_opening_words_each_time(dispatcher, domain):
    from actions.assessment import ActionEmergencyFollowUp
    slots = {"emergency_reported": True, "twitch_facts": facts_slot(emergency_signs=["seizure"])}
    tracker = make_tracker("ok", intent="affirm", slots=slots)
    texts_seen = []
    for _ in range(3):
        dispatcher.messages.clear()
        await ActionEmergencyFollowUp().run(dispatcher, tracker, domain)
        texts_seen.append(dispatcher.messages[0]["text"])
        tracker.events.append({"event": "action", "name": "action_emergency_follow_up"})
    assert len(set(texts_seen)) == 3
    assert all("999, 911 or 112" in t and "a seizure" in t for t in texts_seen)


async def test_an_emergency_guess_on_a_first_description_starts_the_interview(dispatcher, domain):
    # no punctuation and a denied sign: the classifier may guess an emergency, but the
    # words name none; the person gets the signs to act on and then the questions
    tracker = make_tracker("my thumb keeps flickering since last month it stops when i rest "
                           "no numbness no trouble talking", intent="report_emergency")
    events = await ActionEmergency().run(dispatcher, tracker, domain)
    assert texts(dispatcher).startswith("If you suddenly")
    assert _followups(events) == ["twitch_form"]
    assert not payloads(dispatcher)


async def test_an_emergency_guess_that_describes_nothing_starts_no_interview(dispatcher, domain):
    events = await ActionEmergency().run(dispatcher, make_tracker("what do i do in an emergency",
                                                                  intent="report_emergency"), domain)
    assert texts(dispatcher).startswith("If you suddenly")
    assert _followups(events) == []
