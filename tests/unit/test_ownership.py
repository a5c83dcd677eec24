"""A platform's conversation ids belong to that platform's channel."""
import pytest

from channels.ownership import own_sender


@pytest.mark.parametrize("sender, channel, expected", [
    ("telegram:123", "telegram", "telegram:123"),
    ("telegram:123", "rest", "rest:telegram:123"),
    ("Telegram:123", "socketio", "socketio:Telegram:123"),
    ("whatsapp:+4477", "twilio", "whatsapp:+4477"),
    ("sms:+4477", "rest", "rest:sms:+4477"),
    ("slack:U1", "facebook", "facebook:slack:U1"),
    ("e2e-1-abc", "rest", "e2e-1-abc"),  # everyone else's ids are untouched
    ("a1b2c3", "socketio", "a1b2c3"),
])
def test_a_platform_id_from_another_channel_gets_a_space_of_its_own(sender, channel, expected):
    assert own_sender(sender, channel) == expected
