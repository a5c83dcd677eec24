"""Whether words ask to delete the conversation (twitch_knowledge.privacy)."""
import pytest

from twitch_knowledge.privacy import asks_to_forget


@pytest.mark.parametrize("text", [
    "delete my data", "forget me", "yes, delete it", "forget this conversation",
    "forget it, and delete my data", "please don't keep what I told you", "wipe this chat",
    "/forget_me_confirmed",
])
def test_a_request_to_delete_counts(text):
    assert asks_to_forget(text)


@pytest.mark.parametrize("text", [
    "forget it", "oh just forget about it", "forget that, it's my calf",
    "never mind", "my eyelid twitches", "",
])
def test_giving_up_or_an_answer_is_not_a_request_to_delete(text):
    assert not asks_to_forget(text)
