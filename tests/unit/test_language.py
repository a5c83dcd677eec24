"""Offline language detection: foreign messages are recognised, English chat never is."""
from __future__ import annotations

import pytest

from twitch_knowledge import language
from twitch_knowledge.language import REPLIES, foreign_language, reply_for

FOREIGN = [
    ("hola, me tiembla el párpado", "es"),
    ("Mi párpado tiembla desde hace una semana", "es"),
    ("tengo espasmos en la pierna", "es"),
    ("j'ai des contractions dans le mollet depuis une semaine", "fr"),
    ("mein Augenlid zuckt seit einer Woche", "de"),
    ("Hallo, mein Bein zuckt", "de"),
    ("la mia palpebra trema da una settimana", "it"),
    ("ho dei crampi alla gamba ogni notte", "it"),
    ("minha pálpebra está tremendo há uma semana", "pt"),
    ("mijn ooglid trilt al een week", "nl"),
    ("у меня дергается веко", "ru"),
]

# English as people type it in chat: short, slang, typos, emoji, one-word answers.
ENGLISH_CHAT = [
    "lol ok", "idk tbh", "ngl my calf", "twitching", "my lef calff twiches alot",
    "hi there", "ok thanks so much", "yes", "no not really", "it's been like two weeks maybe",
    "my eyelid keeps jumping 😭😭", "tbh idk when it started", "hmm maybe a few times a day",
    "nah", "every few mins", "the left one", "ugh it wont stop", "omg it's so annoying",
    "im so stressed lately", "cant sleep bc of it", "yesss", "thx u", "what do i do now",
    "that's everything, what do you think?", "blah blah blah", "both legs", "right side",
    "my thumb", "since monday", "a couple of days ago", "not sure tbh",
    "ive been drinking loads of coffee", "its my bicep", "quads n calves",
    "on and off all day", "wat is bfs", "is it als???", "pls help",
    "my eyelid has been twitchin 4 days", "kinda constant ngl", "fasciculations in both legs",
    "gr8 thx m8", "hey hey hey", "I dunno, maybe?", "no weakness no nothing",
    "sry i meant left calf", "brb", "can u explain clonus", "charley horse last nite",
    "ok ok ok ok", "eh", "Benign fasciculation syndrome", "lol", "👍", "😱😱😱🦵",
    "twiching in my caf since tuesday", "my eye twitchs when im tired",
]


@pytest.mark.parametrize("text,code", FOREIGN)
def test_a_message_in_another_language_is_recognised(text, code):
    assert foreign_language(text) == code


@pytest.mark.parametrize("text", ENGLISH_CHAT)
def test_english_chat_is_never_called_foreign(text):
    assert foreign_language(text) is None


def test_the_english_list_is_long_enough():
    assert len(ENGLISH_CHAT) >= 40


def test_never_foreign_when_our_patterns_found_something():
    assert foreign_language("mein Augenlid zuckt seit einer Woche", entities_found=True) is None


def test_short_messages_and_button_payloads_are_not_judged():
    assert foreign_language("hola amigo") is None  # two words: too short to tell
    assert foreign_language("/describe_twitch") is None
    assert foreign_language("") is None


def test_the_answer_is_repeatable():
    results = {foreign_language("la mia palpebra trema da una settimana") for _ in range(5)}
    assert results == {"it"}


def test_typos_of_english_words_count_as_english():
    assert language.is_english_word("twiches")
    assert language.is_english_word("calff") is False  # five letters: too short to forgive
    assert not language.is_english_word("tiembla")


@pytest.mark.parametrize("code,words", [
    ("es", "inglés"), ("fr", "anglais"), ("de", "Englisch"), ("it", "inglese"),
    ("pt", "inglês"), ("nl", "Engels"),
])
def test_each_reply_says_english_only_in_its_language_with_the_emergency_line(code, words):
    reply = reply_for(code)
    assert words in reply
    assert reply != REPLIES["en"]
    assert any(w in reply.lower() for w in ("emergencia", "urgence", "notruf", "emergenza",
                                            "emergência", "alarmnummer"))


def test_other_languages_get_the_english_reply():
    assert reply_for("ru") == REPLIES["en"] == reply_for(None)
    assert "English" in reply_for("ru") and "emergency" in reply_for("ru")
