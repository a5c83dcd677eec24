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


# ---------------------------------------------------------------- quoting (issue 14, item 6)
from twitch_knowledge.negation import ELLIPSIS, clause_words  # noqa: E402

_DANGLING = {"and", "plus", "with", "in", "of", "my", "the", "a", "but", "or", "to", "so",
             "at", "on", "for", "throughout", "is", "has"}


def _quote(text, mention):
    start = text.index(mention)
    return clause_words(text, start, start + len(mention))


def test_a_long_clause_is_cut_where_a_phrase_ends_not_on_plus():
    text = ("For months I've had frequent twitching in my legs plus cramps at night and my "
            "hands feel weak when I hold a cup")
    assert _quote(text, "twitching") == "For months I've had frequent twitching in my legs" + ELLIPSIS
    assert _quote(text, "cramps") == ELLIPSIS + "cramps at night"
    assert _quote(text, "weak") == "my hands feel weak when I hold a cup"  # a whole clause


def test_a_clause_that_fits_is_quoted_whole_without_a_mark():
    text = "Honestly I have been so anxious lately and my left calf keeps twitching when I sit down"
    assert _quote(text, "calf") == "my left calf keeps twitching when I sit down"
    bounds = clause_bounds(text, text.index("calf"), text.index("calf") + 4)
    lo, hi = bounds  # still unpacks as a pair of offsets
    assert text[lo:hi] == "my left calf keeps twitching when I sit down"
    assert (bounds.cut_start, bounds.cut_end) == (False, False)


LONG_MESSAGES = [
    ("so basically for the last three or four weeks or so my right calf has been twitching on "
     "and off throughout the day especially when im lying on the sofa after work",
     ["twitching", "calf", "sofa"]),
    ("I noticed that when I try to climb the stairs at my mum's house my left knee gives way and "
     "I have to hold onto the rail", ["gives way", "rail"]),
    ("i think my thumb has been twitching for about two weeks with some tingling in the fingers of "
     "the same hand and a bit of a headache", ["tingling", "twitching", "headache"]),
    ("hi there!! ok so my eyelid and my calf both twitch, started after exams & too much coffee, "
     "no weakness tho", ["eyelid", "coffee", "weakness"]),
    ("My husband says my foot keeps jerking in a rhythm in bed at night and it wakes him up and "
     "honestly it is starting to worry both of us quite a lot", ["jerking", "wakes him up"]),
]


@pytest.mark.parametrize("text, mentions", LONG_MESSAGES)
def test_quotes_from_long_chat_messages_are_whole_words_and_phrases(text, mentions):
    for mention in mentions:
        quote = _quote(text, mention)
        words = quote.strip(ELLIPSIS)
        assert mention in words and len(words) <= 60, quote
        assert words in text  # the person's own words, in order, nothing invented
        tokens = words.lower().split()
        assert tokens[-1] not in _DANGLING or words.endswith(mention), quote
        if quote.startswith(ELLIPSIS):
            assert tokens[0] not in {"and", "plus", "with", "in", "of", "but", "or", "to"}, quote
        start, end = text.index(words), text.index(words) + len(words)
        # never half a word
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        (LONG_MESSAGES[0][0], "sofa", ELLIPSIS + "im lying on the sofa after work"),
        (LONG_MESSAGES[0][0], "calf", ELLIPSIS + "my right calf has been twitching on and off" + ELLIPSIS),
        (LONG_MESSAGES[2][0], "headache", ELLIPSIS + "a bit of a headache"),
        (LONG_MESSAGES[3][0], "weakness", "no weakness tho"),
    ],
)
def test_a_cut_is_marked_and_a_whole_clause_is_not(text, mention, expected):
    assert _quote(text, mention) == expected


def test_the_example_of_the_issue_no_longer_ends_on_plus():
    text = "For months I've had frequent twitching in my legs plus cramps at night"
    quote = _quote(text, "twitching")
    assert not quote.rstrip(ELLIPSIS).endswith("plus")
    assert quote.endswith(ELLIPSIS)


def test_a_mention_longer_than_the_limit_is_kept_whole():
    text = "it started with " + "twitching " * 12 + "everywhere"
    start = text.index("twitching")
    end = text.rindex("twitching") + len("twitching")
    lo, hi = clause_bounds(text, start, end, max_chars=30)
    assert lo <= start and hi >= end


# ------------------------------------------------ a new thought without punctuation
@pytest.mark.parametrize("text, mention", [
    ("nothing really my voice has gone hoarse for a month", "hoarse"),
    ("no not really wait my tongue flickers sometimes", "tongue"),
    ("nope um i keep dropping my keys", "dropping"),
    ("i don't think so actually my grip is weak", "weak"),
    ("not that i noticed oh my speech gets slurred at night", "slurred"),
])
def test_a_new_thought_after_a_denial_is_not_denied(text, mention):
    assert status(text, mention) == "present"


@pytest.mark.parametrize("text, mention", [
    ("I don't really have any weakness", "weakness"),
    ("not really any weakness", "weakness"),
    ("i don't actually have trouble swallowing", "trouble swallowing"),
])
def test_really_and_actually_inside_a_denial_still_deny(text, mention):
    assert status(text, mention) == "absent"


def test_a_sign_told_after_not_really_raises_the_triage():
    from twitch_knowledge.extract import extract_facts
    from twitch_knowledge.triage import assess

    facts = extract_facts("not really hmm my voice has gone hoarse and croaky for a month")
    assessment = assess(facts)
    assert "bulbar_symptoms" in [flag.code for flag in assessment.red_flags]
    assert assessment.triage == "see_doctor_soon"
