"""Emergency signs (twitch_knowledge.emergency)."""
import pytest

from twitch_knowledge.emergency import detect_emergency


def codes(text):
    return [code for code, _words in detect_emergency(text)]


@pytest.mark.parametrize(
    "text, code",
    [
        ("Suddenly my left arm and leg went weak", "one_sided_weakness_numbness"),
        ("I have sudden numbness on one side of my body", "one_sided_weakness_numbness"),
        ("the right side of my face feels numb", "one_sided_weakness_numbness"),
        ("my arm and leg on one side suddenly feel weak", "one_sided_weakness_numbness"),
        ("my face is drooping", "speech_or_face"),
        ("one side of my mouth droops", "speech_or_face"),
        ("I suddenly can't speak properly", "speech_or_face"),
        ("my slurred speech came on suddenly", "speech_or_face"),
        ("suddenly can't get my words out", "speech_or_face"),
        ("I can't breathe", "breathing"),
        ("I'm having trouble breathing", "breathing"),
        ("difficulty breathing since this morning", "breathing"),
        ("I'm short of breath", "breathing"),
        ("struggling to breathe", "breathing"),
        # misspelt, as frightened people type: the emergency may not rest on the classifier
        ("i cant catch my breth, its getting worse", "breathing"),
        ("having trouble brething since lunch", "breathing"),
        ("im short of braeth and my chest twitches", "breathing"),
        ("I feel brethless", "breathing"),
        ("I cannot get enough air in", "breathing"),
        ("I have a fever and a stiff neck", "fever_stiff_neck"),
        ("my neck is really stiff and I have a high temperature", "fever_stiff_neck"),
        ("I had a seizure last night", "seizure"),
        ("my son had a fit", "seizure"),
        ("he was having convulsions", "seizure"),
        ("I blacked out and was shaking", "seizure"),
        ("I'm not sure if it was a seizure", "seizure"),
    ],
)
def test_emergency_signs_are_found(text, code):
    assert code in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "no trouble breathing",
        "no trouble brething at all",
        "my breathing is fine",
        "I don't have shortness of breath or a fever",
        "I have slurred speech for a few weeks",
        "I have a fever",
        "my neck is stiff from sleeping badly",
        "stiff calf",
        "My calf started twitching suddenly, no weakness",
        "I'm fit and healthy",
        "my muscles were seizing up",
        "my eyelid twitches every few minutes",
        "",
    ],
)
def test_no_emergency(text):
    assert codes(text) == []


def test_words_are_the_users():
    [(code, words)] = detect_emergency("Help, I CAN'T BREATHE properly")
    assert code == "breathing" and words == "CAN'T BREATHE"


def test_robust_input():
    assert detect_emergency("😀" * 1000 + "<b>x</b>\x00") == []
    assert codes("blah " * 5000 + "I can't breathe") == ["breathing"]


# Families missed in the safety evaluation, in new words (not the evaluation's sentences).
@pytest.mark.parametrize(
    "text, code",
    [
        # a fit / seizure in everyday words and misspellings
        ("my husband says I had a fit in my sleep", "seizure"),
        ("I think I was fitting on the kitchen floor", "seizure"),
        ("had a siezure about an hour ago", "seizure"),
        ("my leg twitched and then I took a fit", "seizure"),
        # one-sided weakness: arm and leg on one side that can't move
        ("all of a sudden my right arm and leg won't move", "one_sided_weakness_numbness"),
        ("I can't lift my left arm or my left leg since ten minutes ago", "one_sided_weakness_numbness"),
        ("suddenly cant move the arm and leg on my right", "one_sided_weakness_numbness"),
        ("my whole right side went numb", "one_sided_weakness_numbness"),
        ("half my face feels numb", "one_sided_weakness_numbness"),
        # fever and a stiff neck, misspelt or in other words
        ("running a feaver and my neck is so stiff I can't look down", "fever_stiff_neck"),
        ("ive got a temprature and a stif neck", "fever_stiff_neck"),
        ("high temp, my neck is really rigid", "fever_stiff_neck"),
        ("fever since last night and it hurts to bend my neck", "fever_stiff_neck"),
    ],
)
def test_emergency_family_paraphrases(text, code):
    assert code in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "my calf is really stiff after the run",
        "no fever, my neck is a bit stiff from sleeping funny",
        "I have a fever and my calf is stiff",
        "my arms and legs twitch and feel a bit weak after the gym",
        "my arm and leg have been twitching for a week",
        "the shoes don't fit",
        "the twitching is on the right side of my calf",
        "my left calf is numb after sitting cross-legged",
    ],
)
def test_no_emergency_for_ordinary_complaints(text):
    assert codes(text) == []


@pytest.mark.parametrize("text", [
    "All of a sudden I couldn't get any words out, it lasted a few minutes",
    "half an hour ago the wrong words suddenly kept coming out",
    "suddenly my words keep coming out jumbled",
])
def test_sudden_word_finding_trouble_is_an_emergency(text):
    assert "speech_or_face" in codes(text)


@pytest.mark.parametrize("text", [
    "my smile is even, no droop at all",
    "face looks normal, nothing drooping",
    "my mouth is not sagging and I can talk fine",
])
def test_a_denied_droop_between_the_words_is_not_an_emergency(text):
    assert "speech_or_face" not in codes(text)


@pytest.mark.parametrize("text", [
    "this morning I lost my conscious and my whole body was shaking",
    "my partner found me on the floor, I was jerking all over",
    "I was unconscious for a minute and shaking",
])
def test_losing_consciousness_with_shaking_is_a_seizure(text):
    assert "seizure" in codes(text)


@pytest.mark.parametrize("text", [
    "since ten minutes my mouth goes down on the right side",
    "one side of the face is falling, I saw it in the mirror",
    "her smile has gone down on one side",
    "my mouth is hanging down on the left",
    "all of a sudden to speak is difficult",
])
def test_a_face_that_falls_on_one_side_in_other_words_is_an_emergency(text):
    assert [code for code, _ in detect_emergency(text)] == ["speech_or_face"]


@pytest.mark.parametrize("text", [
    "the twitching in my cheek goes down when I rest",
    "my lip twitch has gone down a lot since yesterday",
    "my face is not falling on one side, it looks normal",
    "I fell on my face on one side of the pitch",
    "speaking is hard when I'm nervous",
])
def test_a_twitch_that_goes_down_is_not_a_falling_face(text):
    assert detect_emergency(text) == []


@pytest.mark.parametrize("text", [
    "I had a stroke in 2019 and now my hand twitches",  # a known condition
    "after my stroke my leg jerks at night",
    "I've had a stroke before",
    "what are the signs of a stroke?",  # a question, answered as one
    "could twitching be a sign of a stroke?",
    "what a stroke of luck",
    "I can't lift my arm over my head since the gym, my speech is fine",
    "I'm not having a stroke, my eyelid just flickers",
])
def test_a_past_stroke_or_a_question_about_strokes_is_not_an_emergency(text):
    assert "suspected_stroke" not in codes(text)


@pytest.mark.parametrize("text, code", [
    ("I think I'm having a stroke", "suspected_stroke"),
    ("I think my mum is having a stroke", "suspected_stroke"),
    ("I think I'm having a stroke, my arm won't work", "suspected_stroke"),
    ("is this a stroke??", "suspected_stroke"),
    ("my dad is having a mini stroke i think", "suspected_stroke"),
    ("im scared its a stroke", "suspected_stroke"),
    ("could it be a stroke, her face looks odd", "suspected_stroke"),
    # the arm and the speech of FAST, in a bystander's words
    ("my grandma can't lift her arm and her speech sounds drunk", "suspected_stroke"),
    # trouble that has only just started is sudden
    ("I can't get my words out, it just started", "speech_or_face"),
    ("my arm went weak, it just started", "one_sided_weakness_numbness"),
])
def test_a_stroke_happening_now_is_an_emergency(text, code):
    assert code in codes(text)


# ------------------------------------------------ issue 14: any phrasing, bystanders
@pytest.mark.parametrize("text, code", [
    ("my partner's arms and legs were jerking for about 2 minutes and he didn't respond, now he's confused", "seizure"),
    ("My leg has had spasms for a while and now I had a spasm of my whole body", "seizure"),
    ("dad went totally rigid all over then jerked for a bit", "seizure"),
    ("he bit his tongue", "seizure"),
    ("tongue bitten and every muscle aches", "seizure"),
    ("I felt confused afterwards", "collapse_unresponsive"),
    ("i passed out", "collapse_unresponsive"),
    ("my boyfriend wasnt answering me for a minute", "collapse_unresponsive"),
    ("woke up on my bedroom floor this morning", "collapse_unresponsive"),
    ("i was proper confused for ages", "collapse_unresponsive"),
    ("now suddenly i cant see out of my right eye", "sudden_vision_loss"),
    ("like a curtain came down over my eye", "sudden_vision_loss"),
    ("he wouldn't wake up after the jerking", "collapse_unresponsive"),
    ("she doesn't wake", "collapse_unresponsive"),
    ("he didn't respond to his name", "collapse_unresponsive"),
    # the body part after the jerking, and two signs a twitch does not explain
    ("tonight he fell off the chair and was jerking all over foaming at the mouth he wet himself", "seizure"),
    ("she was shaking her arms and legs", "seizure"),
    ("she just stared into space, lips smacking, her arm jerking and she didnt answer me", "seizure"),
    ("he fell off the chair, foaming at the mouth", "seizure"),
])
def test_seizure_collapse_and_sight_in_any_words(text, code):
    assert code in [c for c, _ in detect_emergency(text)]


@pytest.mark.parametrize("text", [
    "my whole body twitches all day",              # widespread twitching, not a seizure
    "I get a whole body jerk when falling asleep",
    "years ago i passed out at a concert",          # over
    "as a kid i had a febrile seizure once",
    "what if i have a seizure",                     # supposed
    "I had a major left-sided stroke with weakness years ago and now I'm getting violent spasms",
    "I don't respond well to caffeine",
    "I'm not confused, just tired",
    "no more than after the stroke, i got most of the strength back",
    # sleep that the twitch leaves alone, and treatments that did not help
    "nothing else really, just stressed and not sleeping brilliantly because of the move, the twitch doesn't wake me",
    "having trouble sleeping from the steroid but the twitching doesn't wake me up, otherwise fine",
    "my calf doesn't respond to magnesium at all",
    "the cramps didn't react to the stretches",
    # one sign a twitch may explain, or words that only look like a sign
    "my leg jerked and i fell over",
    "i wet myself laughing",
    "my leg is shaking and i'm confused about what it means",
    "my calf jerks and it does not respond to magnesium",
    # a denied face sign, the denial inside the words
    "face isnt droopy or weak no",
    "my face isn't drooping on one side, just the eyelid twitches",
])
def test_past_supposed_and_ordinary_words_are_not_emergencies(text):
    assert detect_emergency(text) == []


def test_a_failed_check_fails_toward_the_emergency(monkeypatch, caplog):
    from twitch_knowledge import emergency

    def broken(text, norm):
        raise RuntimeError("boom")

    monkeypatch.setattr(emergency, "_seizure", broken)
    assert detect_emergency("my calf twitches") == [("detection_error", "")]
    assert "emergency detection failed" in caplog.text
