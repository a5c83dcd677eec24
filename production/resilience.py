"""A kind reply, never silence, when the action server cannot be reached.

Rasa 3.6 calls a custom action with ``RemoteAction.run``; when the action server is
down (connection refused), times out, answers 5xx or refuses our token, it raises a
``RasaException``. ``MessageProcessor._run_action`` catches it, logs it and carries on
*without the action's events and without any reply*: the person sees nothing (on REST
an empty list), or the next rule fires on a half-done turn.

``install()`` wraps ``rasa.core.actions.action.RemoteAction.run`` (the one place every
custom action, form validation included, goes through). On failure the wrapper returns
the kind reply below and ``FollowupAction("action_listen")``: the turn ends there, the
conversation's state (the interview, its slots, the question asked) stays as it was,
so when the action server is back the person carries on where they were.
``ActionExecutionRejection`` (a form rejecting an answer) is not a failure and passes
through unchanged.

Installed on import of ``production.tracker_store`` (which every endpoints file of
this project names, so every Rasa process has it) and by ``production.rasa_server``.
"""
from __future__ import annotations

import logging
from typing import Any, List

logger = logging.getLogger(__name__)

TROUBLE_TEXT = (
    "I'm having trouble, please try again in a minute; if this is an emergency call "
    "your local emergency number (such as 999, 911 or 112) now."
)
_MARK = "_twitch_resilient"


def install() -> None:
    from rasa.core.actions import action as rasa_action
    from rasa.shared.core.events import BotUttered, FollowupAction

    original = rasa_action.RemoteAction.run
    if getattr(original, _MARK, False):
        return

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except rasa_action.ActionExecutionRejection:
            raise
        except Exception as error:  # noqa: BLE001 (any failure to reach the server)
            # no message text, no sender id: only which action and why
            logger.error("Action server unavailable for '%s' (%s); sent the trouble reply.",
                         self.name(), type(error).__name__)
            return [BotUttered(TROUBLE_TEXT, metadata={"action_server_unavailable": True}),
                    FollowupAction("action_listen")]

    setattr(run, _MARK, True)
    rasa_action.RemoteAction.run = run  # type: ignore[assignment]


def install_channel_guard() -> None:
    """Every channel's messages go through a guard: if handling one fails (the tracker
    store or the lock store cannot be reached, a worker error), the person gets
    TROUBLE_TEXT instead of an empty answer or a 500, and the log says what failed
    without the message text (Rasa's REST channel would log the text at ERROR).

    Wraps ``rasa.core.channels.channel.register`` (which hands each channel its
    ``on_new_message``); installed by production.rasa_server before Rasa builds its app.
    """
    from rasa.core.channels import channel as rasa_channel

    original = rasa_channel.register
    if getattr(original, _MARK, False):
        return

    def register(input_channels, app, route):  # noqa: ANN001 (Rasa's signature)
        async def handler(message) -> None:  # noqa: ANN001
            try:
                await app.ctx.agent.handle_message(message)
            except Exception as error:  # noqa: BLE001
                logger.error("Could not handle a message on channel '%s' (%s: %s); sent the "
                             "trouble reply.", message.input_channel, type(error).__name__,
                             _first_line(error))
                await message.output_channel.send_text_message(message.sender_id, TROUBLE_TEXT)

        for input_channel in input_channels:
            prefix = rasa_channel.urljoin(route, input_channel.url_prefix()) if route else None
            app.blueprint(input_channel.blueprint(handler), url_prefix=prefix)
        app.ctx.input_channels = input_channels

    setattr(register, _MARK, True)
    rasa_channel.register = register


def _first_line(error: Exception) -> str:
    """What failed, in one line: Rasa wraps errors raised while a conversation is
    locked in ``LockError("...Error:\n<the real error>")``, so the lines are joined.
    SQL statements and their parameters (which could hold a message) are cut off."""
    text = " ".join(line.strip() for line in str(error).strip().splitlines() if line.strip())
    text = text.split("[SQL:")[0].split("[parameters:")[0]
    return text[:300]
