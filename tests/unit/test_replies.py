"""Short replies and questions read without a model (twitch_knowledge.replies)."""
import re
from pathlib import Path

import pytest
import yaml

from twitch_knowledge.replies import REPLY_INTENTS, asks, normalise_reply, phrases, short_reply

NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def _nlu_examples():
    for path in sorted(NLU_DIR.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    yield block["intent"].split("/")[0], _ANNOTATION.sub(r"\1", line.strip()[2:])


@pytest.mark.parametrize("text, intent", [
    ("Byeee!!", "goodbye"),
    ("ta-ra", "goodbye"),
    ("Cheerio!", "goodbye"),
    ("ok bye then", "goodbye"),
    ("au revoir", "goodbye"),
    ("thanks, bye", "goodbye"),
    ("Thanks mate", "thank"),
    ("cheers", "thank"),
    ("hiya", "greet"),
    ("Good morning!", "greet"),
    ("👍", "affirm"),
    ("Yessss", "affirm"),
    ("definitely", "affirm"),
    ("no thanks", "deny"),
    ("Nope.", "deny"),
    ("not in the slightest", "deny"),
    ("👎", "deny"),
    ("dunno", "dont_know"),
    ("I forget", "dont_know"),
    ("🤷‍♀️", "dont_know"),
    ("I don’t know", "dont_know"),
])
def test_a_short_reply_has_one_reading(text, intent):
    assert short_reply(text) == intent


@pytest.mark.parametrize("text", [
    # content: the classifier and the interview read these
    "no weakness",
    "yes, my calf",
    "bye, my calf twitches less now",
    "hi, my eyelid has been jumping for a week",
    "not sure if there is any weakness",
    # answers to "when?" or "how often?", not greetings or goodbyes
    "morning",
    "night",
    "later",
    # more than one reading
    "fine",
    "alright",
    "ciao",
    "👋",
    "I think so",
    "haven't noticed",
    "",
    "   ",
])
def test_anything_else_is_left_to_the_classifier(text):
    assert short_reply(text) is None


def test_every_phrase_is_listed_once_under_a_known_intent():
    table = phrases()
    assert set(table.values()) == set(REPLY_INTENTS)
    assert len(table) > 200


def test_the_training_data_never_files_a_listed_phrase_under_another_intent():
    table = phrases()
    clashes = [(intent, text, table[normalise_reply(text)]) for intent, text in _nlu_examples()
               if normalise_reply(text) in table and table[normalise_reply(text)] != intent]
    assert clashes == []


def test_normalising_keeps_words_and_emoji_and_drops_punctuation():
    assert normalise_reply("  G'DAY!!! ") == "g'day"
    assert normalise_reply("See ya... 👋") == "see ya 👋"
    assert normalise_reply("nooooo") == "no"


@pytest.mark.parametrize("text", [
    "is eyelid twitching common",
    "can low potassium make your legs twitch",
    "my ankle bounces up and down rhythmically, what is that called",
    "i have multiple sclerosis and my legs twitch, is that the ms",
    "twitch vs cramp",
    "explain fasciculations in plain english",
    "wat's clonus when u get it in ur ankle",
    "my calf twitches every night, is that normal?",
    "anxiety twitching, is that a thing",
])
def test_questions_are_questions_with_or_without_a_question_mark(text):
    assert asks(text)


@pytest.mark.parametrize("text", [
    "hip twitches",
    "fasciculations in both legs",
    "my eyelid twitches when I've had too much caffeine",
    "when I'm stressed my eye jumps",
    "I'm worried I have ALS because my calf is twitching",
    "I'd describe it as a flicker under the skin",
])
def test_statements_are_not_questions(text):
    assert not asks(text)
