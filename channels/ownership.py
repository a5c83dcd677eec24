"""Which channel a conversation id belongs to (issue 16: "a conversation cannot be read
or continued from another channel's session").

The messaging channels key their conversations by platform (``telegram:<chat>``,
``slack:<user>``, ``facebook:<psid>``, ``whatsapp:+...`` and ``sms:+...`` from Twilio;
channels/connectors.py). On REST and socket.io the caller chooses the id, so without
this anyone could write as ``telegram:12345`` and continue that person's conversation.
``own_sender`` keeps a platform's ids for that platform's channel: the same id from
another channel is moved into that channel's own space (``rest:telegram:12345``), a
new conversation that shares nothing with the platform's. No Rasa import.
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple

# id prefix -> the channels (InputChannel.name()) that may use it
PREFIX_OWNERS: Dict[str, Tuple[str, ...]] = {
    "telegram:": ("telegram",),
    "slack:": ("slack",),
    "facebook:": ("facebook",),
    "whatsapp:": ("twilio",),
    "sms:": ("twilio",),
}


def own_sender(sender_id: str, input_channel: Optional[str]) -> str:
    """``sender_id`` if ``input_channel`` may use it, else the id in that channel's space."""
    if not isinstance(sender_id, str):
        return sender_id
    lowered = sender_id.lower()
    for prefix, owners in PREFIX_OWNERS.items():
        if lowered.startswith(prefix) and (input_channel or "") not in owners:
            return f"{input_channel or 'unknown'}:{sender_id}"
    return sender_id
