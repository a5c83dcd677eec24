"""A kind reply, never silence, when the action server cannot be reached.

Rasa 3.6 calls a custom action with ``RemoteAction.run``; when the action server is
down (connection refused), times out, answers 5xx or refuses our token, it raises.
``MessageProcessor._run_action`` catches that, logs it and carries on *without the
action's events and without any reply*: the person sees nothing (REST: ``[]``), or
the next rule fires on a half-done turn (in the interview, a failed form validation
made the form reject the answer and the bot said "Sorry, I didn't quite understand").

``install()`` patches two levels:

* ``rasa.core.actions.action.RemoteAction.run`` (every custom action and every form
  validation goes through it) notes the failure in a context variable and re-raises,
  so Rasa drops the failed action's events exactly as before;
* ``MessageProcessor._run_action`` (the one place every predicted action runs) checks
  that note after the action: on failure it sends TROUBLE_TEXT, records it, records
  ``action_listen`` and ends the turn. Nothing else of the turn changes, so the
  conversation (the interview, its slots, the question pending) stays where it was,
  and when the action server is back the person carries on.

``ActionExecutionRejection`` (a form rejecting an answer) is not a failure and passes
through unchanged. Installed on import of ``production.tracker_store`` (which every
endpoints file of this project names, so every Rasa process has it) and by
``production.rasa_server``.
"""
from __future__ import annotations

import contextvars
import logging
from typing import Any

logger = logging.getLogger(__name__)

TROUBLE_TEXT = (
    "I'm having trouble, please try again in a minute; if this is an emergency call "
    "your local emergency number (such as 999, 911 or 112) now."
)
_MARK = "_twitch_resilient"
_FAILED: contextvars.ContextVar = contextvars.ContextVar("twitch_action_failed", default=None)


def install() -> None:
    from rasa.core import processor as rasa_processor
    from rasa.core.actions import action as rasa_action
    from rasa.shared.core.events import ActionExecuted, BotUttered

    original_run = rasa_action.RemoteAction.run
    if getattr(original_run, _MARK, False):
        return

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any):
        try:
            return await original_run(self, output_channel, nlg, tracker, domain)
        except rasa_action.ActionExecutionRejection:
            raise
        except Exception as error:
            _FAILED.set(f"{self.name()} ({type(error).__name__})")
            raise

    original_run_action = rasa_processor.MessageProcessor._run_action

    async def _run_action(self: Any, action: Any, tracker: Any, output_channel: Any,
                          nlg: Any, prediction: Any) -> bool:
        token = _FAILED.set(None)
        try:
            should_continue = await original_run_action(self, action, tracker, output_channel,
                                                        nlg, prediction)
            failed = _FAILED.get()
        finally:
            _FAILED.reset(token)
        if not failed:
            return should_continue
        # no message text, no sender id: only which action and why
        logger.error("Action server unavailable for %s; sent the trouble reply.", failed)
        uttered = BotUttered(TROUBLE_TEXT, metadata={"action_server_unavailable": True})
        tracker.update(uttered)
        await output_channel.send_text_message(tracker.sender_id, TROUBLE_TEXT)
        tracker.update(ActionExecuted("action_listen"))
        return False  # the turn ends here

    _no_silent_store_fallback()
    setattr(run, _MARK, True)
    rasa_action.RemoteAction.run = run  # type: ignore[assignment]
    rasa_processor.MessageProcessor._run_action = _run_action  # type: ignore[assignment]


def _no_silent_store_fallback() -> None:
    """Rasa wraps every tracker store in ``FailSafeTrackerStore``: when PostgreSQL is
    down it answers from an *empty* conversation (retrieve returns None) and saves the
    turn into a per-worker in-memory store. The person silently loses the context (the
    interview starts again), and those turns never reach PostgreSQL. Here the store's
    errors propagate instead: the channel guard answers TROUBLE_TEXT, and nothing is
    stored anywhere else."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    async def retrieve(self: Any, sender_id: str):
        return await self._tracker_store.retrieve(sender_id)

    async def retrieve_full_tracker(self: Any, sender_id: str):
        return await self._tracker_store.retrieve_full_tracker(sender_id)

    async def save(self: Any, tracker: Any) -> None:
        await self._tracker_store.save(tracker)

    FailSafeTrackerStore.retrieve = retrieve  # type: ignore[assignment]
    FailSafeTrackerStore.retrieve_full_tracker = retrieve_full_tracker  # type: ignore[assignment]
    FailSafeTrackerStore.save = save  # type: ignore[assignment]


def install_channel_guard() -> None:
    """Every channel's messages go through a guard. A platform's conversation ids stay
    that platform's (``channels.ownership``: "telegram:1" sent over REST is
    "rest:telegram:1"). If handling one fails (the tracker
    store or the lock store cannot be reached, a worker error), the person gets
    TROUBLE_TEXT instead of an empty answer or a 500, and the log says what failed
    without the message text (Rasa's REST channel would log the text at ERROR).

    Wraps ``rasa.core.channels.channel.register`` (which hands each channel its
    ``on_new_message``); installed by production.rasa_server before Rasa builds its app.
    """
    from rasa.core.channels import channel as rasa_channel

    from channels.ownership import own_sender

    original = rasa_channel.register
    if getattr(original, _MARK, False):
        return

    def register(input_channels, app, route):  # noqa: ANN001 (Rasa's signature)
        async def handler(message) -> None:  # noqa: ANN001
            # a platform's conversation ids are that platform's (channels/ownership.py)
            message.sender_id = own_sender(message.sender_id, message.input_channel)
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
