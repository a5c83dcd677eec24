"""Tracker stores that forget a conversation when the person asks ("forget me").

Why in the tracker store: Rasa saves a turn's events *after* its actions have run, so
an action that deleted the conversation would see it written back a moment later.
``action_forget_me`` (actions/privacy.py) therefore only sets the slot ``forget_me``;
when Rasa then saves a tracker whose **latest turn** (the events after the last user
message) sets that slot, these stores delete every stored event of that sender, in
every session, instead of saving. Nothing of that conversation remains, the reply that
confirmed it included; other senders' rows are not touched. A later message from the
same sender starts a new conversation.

Only the latest turn counts, so an old marker can never delete a newer conversation,
and a sender id is matched exactly (no patterns).

Configured in endpoints (see scripts/runtime_config.py, deploy/endpoints.yml):

    tracker_store:
      type: production.tracker_store.ForgettingSQLTrackerStore
      url: ${TRACKER_STORE_URL}      # postgresql://user:pass@host:5432/db or sqlite:///path

Importing this module also installs production.resilience (the kind reply when the
action server is down), so every Rasa process with our endpoints has it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional, Text
from urllib.parse import unquote

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from production import resilience
from twitch_knowledge.analysis import forget_readings

logger = logging.getLogger(__name__)

FORGET_SLOT = "forget_me"  # actions.privacy.FORGET_SLOT

resilience.install()


def asks_to_forget(tracker: DialogueStateTracker) -> bool:
    """Whether the latest turn (events after the last user message) set ``forget_me``."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == FORGET_SLOT and event.value:
            return True
    return False


def sql_kwargs_from_url(url: Text) -> dict:
    """SQLTrackerStore's arguments from a database URL (postgresql://, sqlite:///)."""
    from sqlalchemy.engine.url import make_url

    parsed = make_url(url)
    dialect = parsed.drivername.split("+")[0]
    if dialect == "postgres":
        dialect = "postgresql"
    return {
        "dialect": dialect,
        "host": parsed.host,
        "port": parsed.port,
        "db": parsed.database or "rasa",
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
    }


class ForgettingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store (SQLite, PostgreSQL) that honours "forget me"."""

    def __init__(self, domain: Any = None, host: Optional[Text] = None,
                 url: Optional[Text] = None, **kwargs: Any) -> None:
        url = url or host
        if url and "://" in url:
            kwargs.update(sql_kwargs_from_url(url))
        elif url:
            kwargs["host"] = url
        super().__init__(domain=domain, **kwargs)
        if self.engine.dialect.name == "postgresql":
            # After PostgreSQL restarts, pooled connections are dead: test each one
            # before use, so that the first message after an outage works.
            import sqlalchemy as sa
            from sqlalchemy.orm import sessionmaker

            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True,
                                           connect_args={"connect_timeout": 5})
            self.sessionmaker = sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if asks_to_forget(tracker):
            removed = await self.forget(tracker.sender_id)
            forget_readings()
            logger.info("Forgot a conversation at the person's request (%d events deleted).", removed)
            return
        await super().save(tracker)

    async def forget(self, sender_id: Text) -> int:
        """Deletes every stored event of ``sender_id``; returns how many."""
        with self.session_scope() as session:
            removed = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return int(removed or 0)


class ForgettingInMemoryTrackerStore(InMemoryTrackerStore):
    """The in-memory store (tests, `rasa shell`) with the same behaviour."""

    def __init__(self, domain: Any = None, host: Optional[Text] = None, **kwargs: Any) -> None:
        super().__init__(domain, kwargs.get("event_broker"))

    async def save(self, tracker: DialogueStateTracker) -> None:
        if asks_to_forget(tracker):
            self.store.pop(tracker.sender_id, None)
            forget_readings()
            logger.info("Forgot a conversation at the person's request.")
            return
        await super().save(tracker)
