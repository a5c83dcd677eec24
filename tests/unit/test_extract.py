"""Entities and facts from realistic messages (twitch_knowledge.extract)."""
import pytest

from twitch_knowledge.extract import EXTRACTOR, extract_entities, extract_facts, facts_from_entities


def ents(text):
    return [(e["entity"], e["value"], e.get("role")) for e in extract_entities(text)]


def test_entity_shape_matches_rasa():
    text = "my left calf has been twitching for 2 weeks, no weakness"
    entities = extract_entities(text)
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("body_location", "left calf"),
        ("movement", "flicker"),
        ("onset", "for 2 weeks"),
        ("symptom", "weakness"),
    ]
    for e in entities:
        assert text[e["start"]:e["end"]] == e["text"]
        assert e["extractor"] == EXTRACTOR
    assert entities[-1]["role"] == "absent"
    assert "role" not in entities[1]


def test_eyelid_jumping_for_a_week():
    facts = extract_facts("my eyelid has been jumping for a week")
    assert facts.locations == ["eyelid"]
    assert facts.movements == ["flicker"]
    assert facts.onset == "for a week" and facts.onset_days == 7


def test_tripping_is_foot_drop():
    facts = extract_facts("my calf flickers and I keep tripping")
    assert facts.symptoms == {"foot_drop": "present"}
    assert facts.locations == ["calf"]
    assert facts.evidence["foot_drop"] == ["I keep tripping"]


def test_long_anxious_message():
    text = (
        "Hi, I'm really scared. For about 3 months my left calf and right thigh have been "
        "twitching, like little ripples under the skin, every few minutes, each lasting a second "
        "or two. I'm terrified it's ALS because I googled it. I don't have any weakness that I know "
        "of. I drink 5 coffees a day and I'm stressed at work, not sleeping well. It keeps me awake "
        "at night."
    )
    facts = extract_facts(text)
    assert facts.locations == ["left calf", "right thigh"]
    assert facts.onset_days == 90
    assert facts.frequency == "every few minutes" and facts.frequency_code == "frequent"
    assert "second or two" in facts.duration
    assert facts.symptoms == {"weakness": "absent"}
    assert facts.conditions == []  # fear of ALS is not a diagnosis
    assert set(facts.triggers) == {"caffeine", "stress_anxiety", "tiredness_sleep"}
    assert facts.impacts == ["sleep"]
    assert facts.emergency_signs == []


def test_typos_and_british_spelling():
    facts = extract_facts("my tounge has been twiching and my calve feels weeker, I keep droping things")
    assert "tounge" in facts.locations and "calve" in facts.locations
    assert facts.movements == ["flicker"]
    assert facts.symptoms["weakness"] == "present"
    assert facts.symptoms["difficulty_gripping"] == "present"
    assert "tongue_twitching" in facts.evidence


def test_british_words():
    facts = extract_facts("I'm knackered, had a charley horse in my thigh and pins and needles in my foot, it's been for a fortnight")
    assert "tiredness_sleep" in facts.triggers
    assert "cramp" in facts.movements and facts.symptoms["cramps"] == "present"
    assert facts.symptoms["numbness_tingling"] == "present"
    assert facts.onset_days == 14


def test_several_facts_in_one_message():
    text = ("Twitching all over, every few seconds, a split second each. Started suddenly 3 days ago. "
            "No slurred speech or trouble swallowing, but my voice is hoarse and my hand looks smaller.")
    facts = extract_facts(text)
    assert facts.patterns == ["widespread"]
    assert facts.onset_kind == "sudden" and facts.onset_days == 3
    assert facts.frequency_code == "constant"
    assert facts.duration
    assert facts.symptoms["slurred_speech"] == "absent"
    assert facts.symptoms["trouble_swallowing"] == "absent"
    assert facts.symptoms["hoarseness"] == "present"
    assert facts.symptoms["muscle_wasting"] == "present"


@pytest.mark.parametrize(
    "text, code",
    [
        ("I keep dropping things", "difficulty_gripping"),
        ("trouble opening jars lately", "difficulty_gripping"),
        ("my grip is weaker", "difficulty_gripping"),
        ("my foot is slapping when I walk", "foot_drop"),
        ("my toes catch on the stairs", "foot_drop"),
        ("there's a dent in my hand", "muscle_wasting"),
        ("the muscle looks smaller", "muscle_wasting"),
        ("some atrophy in my thumb", "muscle_wasting"),
        ("I keep choking on food", "trouble_swallowing"),
        ("it's hard to swallow", "trouble_swallowing"),
        ("my voice is raspy", "hoarseness"),
        ("my legs give way", "weakness"),
        ("I've lost strength in my arm", "weakness"),
        ("I have weekness in my leg", "weakness"),
        ("numb toes", "numbness_tingling"),
        ("my words are slurred", "slurred_speech"),
    ],
)
def test_symptom_phrases(text, code):
    assert extract_facts(text).symptoms.get(code) == "present"


def test_stiffness_movement_is_also_a_symptom():
    facts = extract_facts("my legs feel stiff and tight")
    assert "stiffness" in facts.movements
    assert facts.symptoms["stiffness"] == "present"


def test_diagnosed_condition_and_same_spot():
    facts = extract_facts("I have MS and it's always in the same spot in my left thigh")
    assert facts.conditions == ["ms"]
    assert "same_spot" in facts.patterns


def test_age_is_not_an_onset():
    facts = extract_facts("I'm 30 years old and my calf twitches")
    assert facts.onset is None


def test_emergency_signs_are_part_of_the_facts():
    facts = extract_facts("my calf twitches and now I can't breathe")
    assert facts.emergency_signs == ["breathing"]
    assert facts.evidence["breathing"] == ["can't breathe"]


def test_evidence_is_short_user_words():
    text = ("So basically over the last while, and I know this sounds silly, my grip is weaker "
            "when I open jars and I have been googling all night long about it")
    facts = extract_facts(text)
    [words] = facts.evidence["difficulty_gripping"]
    assert "grip is weaker" in words and len(words) <= 60


def test_rasa_entities_without_roles_get_statuses():
    text = "no weakness, my calf cramps"
    entities = [
        {"entity": "symptom", "value": "weakness", "start": 3, "end": 11, "extractor": "DIETClassifier"},
        {"entity": "symptom", "value": "cramps", "start": 21, "end": 27, "extractor": "DIETClassifier"},
        {"entity": "body_location", "value": "calf", "start": 16, "end": 20, "extractor": "DIETClassifier"},
    ]
    facts = facts_from_entities(entities, text)
    assert facts.symptoms == {"weakness": "absent", "cramps": "present"}
    assert facts.locations == ["calf"]


def test_entity_role_is_used_when_given():
    entities = [{"entity": "symptom", "value": "weak", "start": 0, "end": 4, "role": "uncertain"}]
    assert facts_from_entities(entities, "weak").symptoms == {"weakness": "unknown"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀 🤔",
        "<script>alert(1)</script><b>my calf</b> twitches",
        "\x00\x01\x02 calf\x07 twitch \x1b[31m",
        "Mi pierna tiembla mucho desde hace dos semanas",
        "我的小腿在抽搐",
        "calf twitching, no weakness. " * 700,  # ~20,000 characters
    ],
)
def test_never_raises(text):
    facts = extract_facts(text)
    entities = extract_entities(text)
    assert isinstance(entities, list)
    for e in entities:
        assert text[e["start"]:e["end"]] == e["text"]
    assert facts.to_dict()["symptoms"] in ({}, {"weakness": "absent"})


def test_long_message_still_understood():
    facts = extract_facts("calf twitching, no weakness. " * 700)
    assert facts.locations == ["calf"] and facts.symptoms == {"weakness": "absent"}


def test_html_message_gives_clean_evidence():
    facts = extract_facts("<b>hello</b>\x07 my calf twitches")
    assert facts.locations == ["calf"]
    assert all("<" not in w and "\x07" not in w for w in facts.evidence["flicker"])


# ---------------------------------------------------------------------------------
# Families of phrasings found missing in the safety evaluation. The sentences below
# are paraphrases in people's own voices, not the evaluation's sentences.
from twitch_knowledge.interview import merge  # noqa: E402
from twitch_knowledge.triage import assess, twitch_type  # noqa: E402


@pytest.mark.parametrize(
    "text",
    [
        "When I push the clutch down my left foot starts shaking and won't stop",
        "my knee bounces up and down by itself when I sit on the edge of the chair",
        "the ankle does this rhytmic beating thing when I stretch my calf",
        "my heel keeps bouncing on the step, like a sewing machine",
        "sometimes my foot goes up and down in a rythm when I rest it on the floor",
    ],
)
def test_shaking_or_bouncing_foot_is_rhythmic_jerking(text):
    facts = extract_facts(text)
    assert "rhythmic_jerking" in facts.movements
    assert facts.evidence.get("rhythmic_jerking")
    assert assess(facts).has_flag("rhythmic_jerking")


@pytest.mark.parametrize(
    "text",
    [
        "my legs don't shake at all, it's just a small flicker in the calf",
        "I'm shaking with nerves about all this, my eyelid keeps flickering",
    ],
)
def test_denied_or_unrelated_shaking_is_not_clonus(text):
    assert "rhythmic_jerking" not in extract_facts(text).movements


@pytest.mark.parametrize(
    "text, kept",
    [
        ("I keep checking my tongue and it doesn't twitch at all, only my calf does", ["calf"]),
        ("My tongue is totally normal, it's my thigh that flickers", ["thigh"]),
        ("I look at my tounge in the mirror every night and it has never twitched. "
         "The twitching is in my forearm", ["forearm"]),
    ],
)
def test_tongue_whose_twitching_is_denied_is_not_a_location(text, kept):
    facts = extract_facts(text)
    assert facts.locations == kept
    assert "tongue_twitching" not in facts.evidence
    assert not assess(facts).has_flag("tongue_twitching")


@pytest.mark.parametrize(
    "text",
    [
        "my tongue twitches and my arm doesn't",
        "my tongue doesn't twitch as much as last week",  # it did twitch: lean present
        "my tongue has been twitching, my calf is fine",
    ],
)
def test_tongue_twitching_stays_when_not_denied(text):
    assert assess(extract_facts(text)).has_flag("tongue_twitching")


def test_a_denied_calf_does_not_hide_another_place():
    facts = extract_facts("my calf and thigh twitch, my arm doesn't twitch")
    assert facts.locations == ["calf", "thigh"]


@pytest.mark.parametrize(
    "text",
    [
        "the side of my tounge looks like it has worms wriggling under it",
        "there's a wormy movement on my tung when I stick it out",
        "my tongue squirms like a bag of worms",
    ],
)
def test_tongue_moving_like_worms(text):
    facts = extract_facts(text)
    assert "flicker" in facts.movements
    assert assess(facts).has_flag("tongue_twitching")


@pytest.mark.parametrize(
    "text",
    [
        "my left calf is noticeably skinnier than my right one now",
        "the muscle at the base of my thumb has gone flat",
        "my shoulder looks a bit sunken compared to the other side",
        "there's a hollow between my thumb and first finger that wasn't there before",
        "my right thigh is thinner than the other leg",
    ],
)
def test_visible_muscle_loss(text):
    facts = extract_facts(text)
    assert facts.symptoms.get("muscle_wasting") == "present"
    assert assess(facts).has_flag("muscle_wasting")


def test_denied_muscle_loss_stays_absent():
    facts = extract_facts("my calf twitches but it doesn't look thinner than the other one")
    assert facts.symptoms.get("muscle_wasting") == "absent"


@pytest.mark.parametrize(
    "text, days",
    [
        ("my eyelid has been jumping since last weak", 7),
        ("it started a weak ago, just a flicker in my calf", 7),
        ("calf twitching for a weak now", None),
    ],
)
def test_weak_typed_for_week_is_not_weakness(text, days):
    facts = extract_facts(text)
    assert "weakness" not in facts.symptoms
    if days is not None:
        assert facts.onset_days == days


@pytest.mark.parametrize(
    "text",
    [
        "my leg feels so week when I walk up hill",
        "I have a weak leg since the twitching started",
        "my arm is weak, and it twitches",
        "it's been twitching for a week and my hand feels weak",
    ],
)
def test_real_weakness_is_kept(text):
    assert extract_facts(text).symptoms.get("weakness") == "present"


@pytest.mark.parametrize(
    "text",
    [
        "it's harder to climb the stairs these days",
        "I struggle to get out of a chair without using my arms",
        "maybe a bit more difficult to get up off the floor",
    ],
)
def test_everyday_weakness_wording(text):
    assert extract_facts(text).symptoms.get("weakness") == "present"


@pytest.mark.parametrize(
    "text",
    [
        "I scuffed my toes on the kerb a few times this week",
        "my foot slaps on the floor when I walk",
        "caught my foot on the step twice yesterday",
    ],
)
def test_foot_drop_wording(text):
    assert extract_facts(text).symptoms.get("foot_drop") == "present"


@pytest.mark.parametrize(
    "text",
    [
        "I keep waking up with my calves cramping",
        "the twitching is wrecking my sleep",
        "I can't stay asleep because my feet cramp",
        "cramps in my feet wake me most nights",
    ],
)
def test_sleep_disruption(text):
    facts = extract_facts(text)
    assert facts.impacts == ["sleep"]
    assert assess(facts).has_flag("disrupts_daily_life")


def test_sleep_not_disrupted_when_denied():
    assert extract_facts("the cramps don't wake me up, they come in the day").impacts == []


@pytest.mark.parametrize(
    "text, days",
    [
        ("twitching in my thigh for 7 mths now", 210),
        ("my calves have twitched for about four munths", 120),
        ("it's been going on for 3 monhts", 90),
    ],
)
def test_months_with_misspellings(text, days):
    facts = extract_facts(text)
    assert facts.onset_days == days
    assert assess(facts).has_flag("persistent_months")


@pytest.mark.parametrize(
    "text",
    [
        "since I started on fluid tablets my legs cramp",
        "my blood pressure pills were changed last month and now my calf jumps",
        "I've been on a course of steriods for my asthma",
        "I take diuretics for my heart",
        "the GP put me on prednisolone",
        "could it be the water pills?",
    ],
)
def test_medication_trigger(text):
    facts = extract_facts(text)
    assert "medication" in facts.triggers
    assert "reason_medication" in assess(facts).reasons


@pytest.mark.parametrize(
    "text",
    [
        "I get painful leg cramps a few nights a week",
        "my feet cramp up in bed",
        "charley horses in both calves after football",
    ],
)
def test_cramps_alone_are_cramp_type(text):
    facts = extract_facts(text)
    assert "cramp" in facts.movements
    assert assess(facts).twitch_type == "cramp"


@pytest.mark.parametrize("text, kind", [
    ("for a month I get charley horses in my calves, and in between they twitch", "cramp"),
    ("my feet keep cramping up at night and my hands twitch a bit too", "cramp"),
    ("my calves twitch all day and they also cramp in the evenings", "fasciculation"),
])
def test_cramps_and_twitches_in_one_message_follow_the_first_named(text, kind):
    facts = extract_facts(text)
    assert {"cramp", "flicker"} <= set(facts.movements)
    assert twitch_type(facts) == kind


def test_cramps_named_late_with_frequent_twitching():
    first = extract_facts("my thigh twitches loads, every day for two weeks")
    later = extract_facts("oh and I get cramps in my feet most nights too")
    assert later.symptoms.get("cramps") == "present"
    facts = merge(first, later)
    result = assess(facts)
    assert result.twitch_type == "fasciculation"  # the twitching came first, the cramps later
    assert result.triage == "see_doctor"
    assert "reason_cramp_fasciculation" in result.reasons


@pytest.mark.parametrize(
    "text, code",
    [
        ("my eyelid has been flickering loads", "frequent"),
        ("calf jumping a lot today", "frequent"),
        ("I drink a lot of coffee and my eyelid twitches", None),
        ("a couple of times a day, never constantly", "frequent"),
        ("mostly in the evening, then nothing all day", None),
    ],
)
def test_frequency_words(text, code):
    assert extract_facts(text).frequency_code == code


@pytest.mark.parametrize(
    "text",
    [
        "It came on suddenly and it's always the same spot in my calf",
        "the twitch in my shoulder started out of nowhere on Sunday, same exact place every time",
        "it appeared overnight and only ever twitches in one spot on my thigh",
    ],
)
def test_sudden_onset_in_one_spot(text):
    facts = extract_facts(text)
    assert facts.onset_kind == "sudden"
    assert "same_spot" in facts.patterns
    assert assess(facts).has_flag("sudden_focal_onset")


def test_location_misspellings():
    facts = extract_facts("my legg and my ankel keep twiching, and my thum")
    assert facts.locations == ["legg", "ankel", "thum"]


@pytest.mark.parametrize("text", [
    "when I brake my foot starts jackhammering",
    "my ankle pumps up and down when I rest it on the step",
    "my knee goes up and down and I can't stop it",
    "my foot taps like a metronome on the pedal",
    "my ankle starts shakin up and down when I stand on tiptoe",
    "my foot goes like a quick beat on the pedal and won't settle",
])
def test_more_ways_of_saying_rhythmic_jerking(text):
    facts = extract_facts(text)
    assert "rhythmic_jerking" in facts.movements
    assert assess(facts).has_flag("rhythmic_jerking")


def test_a_tongue_checked_and_still_is_not_a_twitch_location():
    facts = extract_facts("my thigh twitches. I've checked my tongue in the mirror loads and it's completely still")
    assert facts.locations == ["thigh"]


# ------------------------------------------------ words that are not the sign they look like
@pytest.mark.parametrize("text", [
    "I can still squeeze my fists tight, no weakness",
    "I hold the railing tight on the stairs just to be safe, but I'm not weak",
    "shut my eyes tight and it still flickers",
])
def test_tight_as_an_adverb_is_not_stiffness(text):
    facts = extract_facts(text)
    assert "stiffness" not in facts.movements
    assert facts.symptom("stiffness") is None
    assert not assess(facts).has_flag("stiffness_spasticity")


@pytest.mark.parametrize("text", [
    "my legs feel tight all the time now",
    "my hamstrings are so tight I can barely straighten my knee",
])
def test_tight_muscles_are_still_stiffness(text):
    assert "stiffness" in extract_facts(text).movements


def test_seizing_up_with_a_cramp_named_is_the_cramp():
    facts = extract_facts("during the match my foot locked up with a really painful cramp")
    assert facts.movements == ["cramp"]
    assert twitch_type(facts) == "cramp"
    assert not assess(facts).has_flag("stiffness_spasticity")


def test_seizing_up_alone_is_still_stiffness():
    assert "stiffness" in extract_facts("my legs keep seizing up when I walk").movements


@pytest.mark.parametrize("text", [
    "the twitching isn't the problem at night, the toddler wakes me",
    "honestly it's my husband's snoring that keeps me awake, not the twitches",
])
def test_sleep_lost_to_another_cause_is_not_disruption(text):
    facts = extract_facts(text)
    assert "sleep" not in facts.impacts
    assert not assess(facts).has_flag("disrupts_daily_life")


def test_sleep_lost_to_the_twitching_is_disruption():
    facts = extract_facts("the twitches in my calf keep me awake most nights")
    assert "sleep" in facts.impacts


@pytest.mark.parametrize("text", [
    "I was hoarse after a cold in March but that has cleared up, my voice is fine",
    "my voice went hoarse while I had the flu, and it's back to normal",
])
def test_hoarseness_that_is_over_is_not_persistent(text):
    facts = extract_facts(text)
    # over, not denied: it is noted in the history and never a red flag
    assert facts.symptom("hoarseness") != "present"
    assert facts.symptom("hoarseness") == "absent" or any("hoarse" in w for w in facts.history)
    assert facts.onset_days is None or facts.onset_days < 56
    assert not assess(facts).has_flag("bulbar_symptoms")


def test_hoarseness_that_lasts_is_a_red_flag():
    facts = extract_facts("my voice has been hoarse for weeks and it isn't getting better")
    assert facts.symptom("hoarseness") == "present"
    assert assess(facts).has_flag("bulbar_symptoms")


def test_a_smaller_episode_is_not_wasting():
    facts = extract_facts("a big cramp in my foot on Monday and two smaller ones since")
    assert facts.symptom("muscle_wasting") is None


def test_a_smaller_muscle_is_still_wasting():
    facts = extract_facts("the muscle in my hand looks smaller than the other one")
    assert facts.symptom("muscle_wasting") == "present"


@pytest.mark.parametrize("text, onset", [
    ("my grandad passed away from ALS in 2019, and my calf has been twitching for a week", "for a week"),
    ("I was diagnosed with MS eight years ago and these twitches started three days ago",
     "three days ago"),
])
def test_the_time_of_another_event_is_not_the_onset(text, onset):
    facts = extract_facts(text)
    assert facts.onset == onset
    assert not assess(facts).has_flag("persistent_months")


def test_a_state_of_broken_sleep_is_lack_of_sleep_not_disruption():
    facts = extract_facts("we've got a newborn so it's been months of interrupted sleep. "
                          "My forearm has twitched now and then this week")
    assert "sleep" not in facts.impacts
    assert "tiredness_sleep" in facts.triggers
    assert not assess(facts).has_flag("disrupts_daily_life")


def test_broken_sleep_from_the_twitching_is_disruption():
    facts = extract_facts("the jumping in my calves means disturbed sleep every night")
    assert "sleep" in facts.impacts
    assert assess(facts).has_flag("disrupts_daily_life")


# ------------------------------------------------- sixth blind set: words seen for the first time
@pytest.mark.parametrize("text", [
    "hola, my leg is jumping tac tac tac without stop when I put my foot on the floor sitting",
    "my leg is jumping without stop when i sit",
    "my foot bounces and won't stop until i lift it",
])
def test_a_rhythm_in_the_persons_words_is_rhythmic_jerking(text):
    assert "rhythmic_jerking" in extract_facts(text).movements


@pytest.mark.parametrize("text", [
    "my eyelid has been twitching non stop for a week",   # constant, not rhythmic
    "haha haha haha my eye twitches",
    "no no no my calf isnt shaking",
])
def test_laughter_and_constant_twitching_are_not_a_rhythm(text):
    assert "rhythmic_jerking" not in extract_facts(text).movements


def test_a_cramp_told_by_what_it_does_and_misspelt():
    facts = extract_facts("twitching loads in my calves n feet + crampz at night like my foot curls right up")
    assert facts.symptom("cramps") == "present" and "cramp" in facts.movements


def test_a_hand_the_twitching_keeps_from_being_still_is_daily_life_not_grip():
    facts = extract_facts("my hand keeps twitching so much i cant hold my phone still at work")
    assert "daily_life" in facts.impacts
    assert facts.symptom("difficulty_gripping") is None


def test_the_calf_that_cannot_lift_the_heel_is_weakness():
    assert extract_facts("i cant stand on my right tiptoes anymore").symptom("weakness") == "present"


def test_since_an_event_dates_the_twitch_and_a_bare_since_is_no_time():
    from twitch_knowledge.facts import Facts
    from twitch_knowledge.interview import update
    opening = update(Facts(), "on and off since the baby was born my thigh does this flicker thing",
                     "describe_twitch").facts
    learned = [{"entity": "onset", "value": "since", "start": 0, "end": 5, "extractor": "DIETClassifier"}]
    facts = update(opening, "since she was born so like 5 months", "describe_twitch", learned, "twitch_onset").facts
    assert facts.onset_days == 150
    assert "persistent_months" in [flag.code for flag in assess(facts).red_flags]


def test_a_word_tagged_alone_is_not_a_second_place_so_the_same_muscle_is_asked():
    from twitch_knowledge.facts import Facts
    from twitch_knowledge.interview import needs_same_muscle
    facts = Facts(locations=["arm", "all"], onset_kind="sudden", movements=["flicker"])
    assert needs_same_muscle(facts)
    assert not needs_same_muscle(Facts(locations=["arm", "calf"], onset_kind="sudden"))


@pytest.mark.parametrize("text", [
    "the flickering under my knee means I cannot concentrate in class any more",
    "my forearm keeps jumping and I'm unable to concentrate on my reading",
    "honestly can't concentrate when my eyelid is going like that",
])
def test_cant_concentrate_on_what_the_twitch_interrupts_disrupts_daily_life(text):
    facts = extract_facts(text)
    assert "daily_life" in facts.impacts
    assert assess(facts).triage != "self_care"


@pytest.mark.parametrize("text", ["can't concentrate these days", "my concentration is great, my calf twitches"])
def test_concentration_alone_or_praised_is_not_a_daily_life_sign(text):
    assert "daily_life" not in extract_facts(text).impacts
