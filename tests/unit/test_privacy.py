"""Whether words ask to delete the conversation (twitch_knowledge.privacy)."""
import pytest

from twitch_knowledge.privacy import asks_to_forget


@pytest.mark.parametrize("text", [
    "delete my data", "forget me", "yes, delete it", "forget this conversation",
    "forget it, and delete my data", "please don't keep what I told you", "wipe this chat",
    "/forget_me_confirmed", "I want my data deleted", "can my chat be erased?", "delete",
    "I don't want you to keep my data", "clear my history", "right to be forgotten",
])
def test_a_request_to_delete_counts(text):
    assert asks_to_forget(text)


@pytest.mark.parametrize("text", [
    "forget it", "oh just forget about it", "forget that, it's my calf",
    "never mind", "my eyelid twitches", "",
    # a verb without data as its object is about the person (holdout6 hs57: the
    # weakness answer "not weak just wiped out" was read as a deletion request)
    "not weak just wiped out", "i cant clear my throat", "how do i get rid of it",
    "the twitch cleared up", "it was removed last year", "i deleted the app",
])
def test_giving_up_or_an_answer_is_not_a_request_to_delete(text):
    assert not asks_to_forget(text)
