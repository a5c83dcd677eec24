"""Onset and frequency parsing (twitch_knowledge.timeparse)."""
import datetime

import pytest

from twitch_knowledge.timeparse import parse_frequency, parse_onset

TODAY = datetime.date(2026, 11, 21)  # a Saturday


@pytest.mark.parametrize(
    "text, days",
    [
        ("for a week", 7),
        ("2 weeks", 14),
        ("a couple of months", 60),
        ("few months", 90),
        ("several months", 120),
        ("since last year", 365),
        ("for years", 730),
        ("yesterday", 1),
        ("today", 0.5),
        ("this morning", 0.5),
        ("3 days ago", 3),
        ("for about 10 days", 10),
        ("a week or two", 14),
        ("2-3 months", 90),
        ("half a year", 182.5),
        ("a year and a half", 547.5),
        ("I'm 30 years old and it started 2 weeks ago", 14),
        ("since Monday", 5),
        ("since March", 265),
        ("for ages", 180),
    ],
)
def test_onset_days(text, days):
    parsed, _kind = parse_onset(text, today=TODAY)
    assert parsed == pytest.approx(days)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("suddenly", "sudden"),
        ("it came out of nowhere", "sudden"),
        ("started overnight", "sudden"),
        ("all of a sudden last week", "sudden"),
        ("gradually", "gradual"),
        ("slowly getting worse", "gradual"),
        ("for two weeks", None),
    ],
)
def test_onset_kind(text, kind):
    assert parse_onset(text)[1] == kind


def test_onset_without_time_is_none():
    assert parse_onset("my calf twitches") == (None, None)
    assert parse_onset("") == (None, None)


@pytest.mark.parametrize(
    "text, code",
    [
        ("constantly", "constant"),
        ("all the time", "constant"),
        ("non-stop", "constant"),
        ("every few seconds", "constant"),
        ("every 5 minutes", "frequent"),  # comes and goes: not constant
        ("every minute", "constant"),
        ("24/7", "constant"),
        ("many times a day", "frequent"),
        ("several times a day", "frequent"),
        ("twice a day", "frequent"),
        ("daily", "frequent"),
        ("every day", "frequent"),
        ("every hour", "frequent"),
        ("hourly", "frequent"),
        ("once in a while", "occasional"),
        ("now and then", "occasional"),
        ("a few times a week", "occasional"),
        ("once a week", "occasional"),
        ("every other day", "occasional"),
        ("rarely", "occasional"),
        ("sometimes", "occasional"),
        ("on and off", "occasional"),
        ("not constantly, just now and then", "occasional"),
        ("my calf twitches", None),
        ("", None),
    ],
)
def test_frequency(text, code):
    assert parse_frequency(text) == code


@pytest.mark.parametrize(
    "text, days",
    [
        ("7 mths", 210),
        ("about four munths", 120),
        ("for like 3 monhts now", 90),
        ("a couple of yers", 730),
        ("since last weak", 7),
        ("2 weks ago", 14),
    ],
)
def test_onset_misspelt_units(text, days):
    assert parse_onset(text, TODAY)[0] == days


@pytest.mark.parametrize(
    "text, code",
    [
        ("loads", "frequent"),
        ("alot", "frequent"),
        ("it twitches lots", "frequent"),
        ("a lot of coffee", None),
        ("a couple of times a day", "frequent"),
        ("a handful of times a day", "frequent"),
        ("three times a night", "frequent"),
        ("a few times each evening", "frequent"),
        ("evry day", "frequent"),
        ("most nights", "frequent"),
        ("day and night", "constant"),
        ("not a lot", None),
    ],
)
def test_frequency_everyday_words(text, code):
    assert parse_frequency(text) == code
