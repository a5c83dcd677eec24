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
    assert facts.frequency == "every few minutes" and facts.frequency_code == "constant"
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
