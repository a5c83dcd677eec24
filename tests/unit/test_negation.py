"""Negation and uncertainty of mentions (twitch_knowledge.negation)."""
import pytest

from twitch_knowledge.negation import clause_bounds, status_of


def status(text: str, mention: str, label=None, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(mention, start + 1)
    return status_of(text, start, start + len(mention), label)


@pytest.mark.parametrize(
    "text, mention",
    [
        # the issue cases
        ("no weakness", "weakness"),
        ("I haven't noticed any weakness", "weakness"),
        ("not weak at all", "weak"),
        ("I don't have slurred speech or trouble swallowing", "slurred speech"),
        ("I don't have slurred speech or trouble swallowing", "trouble swallowing"),
        # more denials
        ("No weakness.", "weakness"),
        ("I do not feel weak", "weak"),
        ("there's no numbness or tingling", "tingling"),
        ("I dont have any weakness", "weakness"),
        ("I’ve never had weakness", "weakness"),
        ("without any weakness", "weakness"),
        ("no signs of muscle wasting", "muscle wasting"),
        ("free of numbness", "numbness"),
        ("nothing like weakness", "weakness"),
        ("my legs aren't weak", "weak"),
        ("I can walk without tripping", "tripping"),
        ("I can't say I've noticed weakness", "weakness"),
        ("I don't have weakness, numbness, tingling or cramps", "cramps"),
        ("weakness? none", "weakness"),
        ("Weakness - not at all.", "Weakness"),
        ("numbness is not a problem", "numbness"),
        ("MS was ruled out last year", "MS"),
        ("No, I don't have trouble swallowing", "trouble swallowing"),
    ],
)
def test_denied_mentions_are_absent(text, mention):
    assert status(text, mention) == "absent"


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Weakness: not sure", "Weakness"),
        ("I'm not sure about weakness", "weakness"),
        ("I'm not sure if my hand is weak", "weak"),
        ("I don't know if it's weakness", "weakness"),
        ("I can't tell if my grip is weak", "weak"),
        ("weakness? not sure", "weakness"),
        ("weak? maybe?", "weak"),
        ("hard to say whether I have weakness", "weakness"),
        ("what if I develop weakness", "weakness"),
    ],
)
def test_uncertain_mentions(text, mention):
    assert status(text, mention) == "uncertain"


@pytest.mark.parametrize(
    "text, mention",
    [
        # hedged positives lean toward the doctor
        ("I think my hand is weaker", "weaker"),
        ("maybe a little weak", "weak"),
        ("my leg might be getting weaker", "weaker"),
        ("I feel weak, not sure why", "weak"),
        ("I don't know why I feel weak", "weak"),
        # scope ends
        ("no weakness but my calf cramps", "cramps"),
        ("I don't drink coffee and my legs feel weak", "weak"),
        ("It doesn't hurt, just twitching", "twitching"),
        ("No weakness. My calf twitches", "twitches"),
        ("No weakness apart from twitching", "twitching"),
        ("I don't feel anything; my calf cramps at night", "cramps"),
        # pseudo-negations
        ("my eyelid won't stop twitching", "twitching"),
        ("the twitching doesn't go away", "twitching"),
        ("not only twitching but cramps too", "twitching"),
        ("no doubt my grip is weak", "weak"),
        ("I've never had twitching like this before", "twitching"),
        ("No I have weakness in my hand", "weakness"),
        ("No, my calf is weak", "weak"),
        # negation words inside the mention are part of the symptom
        ("my right hand is not as strong", "not as strong"),
    ],
)
def test_present_mentions(text, mention):
    assert status(text, mention) == "present"


def test_mixed_message_keeps_each_status():
    text = "no weakness but my calf cramps"
    assert status(text, "weakness") == "absent"
    assert status(text, "cramps") == "present"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm scared it's ALS", "uncertain"),
        ("could this be MS?", "uncertain"),
        ("my mum has MS", "uncertain"),
        ("I have MS", "present"),
        ("I was diagnosed with MS years ago", "present"),
        ("I don't have MS", "absent"),
    ],
)
def test_conditions_need_a_real_diagnosis(text, expected):
    mention = "ALS" if "ALS" in text else "MS"
    assert status(text, mention, label="condition") == expected


def test_bad_offsets_never_raise():
    assert status_of("", 0, 0) == "present"
    assert status_of("weak", 10, 20) == "present"
    assert status_of("weak", 3, 1) == "present"


def test_clause_bounds_give_short_user_words():
    text = "Honestly I have been so anxious lately and my left calf keeps twitching when I sit down"
    start = text.index("calf")
    lo, hi = clause_bounds(text, start, start + 4)
    snippet = text[lo:hi]
    assert "calf" in snippet and len(snippet) <= 60
    assert "anxious" not in snippet
