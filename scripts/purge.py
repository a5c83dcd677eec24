"""Retention: delete every conversation idle for longer than --days.

    make purge DAYS=30                      # the tracker store of TRACKER_STORE_URL, or build/conversations.db
    python scripts/purge.py --days 30 [--dry-run]

A conversation is idle since its newest event; when that is older than the limit,
every event of that sender is deleted (all sessions). Prints counts only, never
sender ids or text. Safe to run while the assistant runs (one DELETE per sender, in
a transaction), from cron, `docker compose run --rm purge` or the Kubernetes CronJob
(deploy/k8s/purge-cronjob.yaml). Exit 0 also when there was nothing to delete; 2 when
the store cannot be reached.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.runtime_config import SQLITE_DB, redact  # noqa: E402


def database_url(env=None) -> str:
    env = os.environ if env is None else env
    return (env.get("TRACKER_STORE_URL") or "").strip() or f"sqlite:///{SQLITE_DB}"


def purge(url: str, days: float, dry_run: bool = False, now: float = None):
    """Returns (conversations, events) deleted (or that would be)."""
    import sqlalchemy as sa

    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    cutoff = (time.time() if now is None else now) - days * 86400
    engine = sa.create_engine(url)
    events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
    try:
        with engine.begin() as conn:
            if not sa.inspect(conn).has_table("events"):
                return 0, 0
            idle = (sa.select(events.c.sender_id)
                    .group_by(events.c.sender_id)
                    .having(sa.func.max(events.c.timestamp) < cutoff))
            senders = [row[0] for row in conn.execute(idle)]
            deleted = 0
            for sender in senders:
                condition = events.c.sender_id == sender
                if dry_run:
                    deleted += conn.execute(sa.select(sa.func.count()).select_from(events).where(condition)).scalar()
                else:
                    # only if still idle: a message that arrived meanwhile keeps it
                    still_idle = sa.select(sa.func.max(events.c.timestamp)).where(condition).scalar_subquery() < cutoff
                    deleted += conn.execute(sa.delete(events).where(condition).where(still_idle)).rowcount
            return len(senders), deleted
    finally:
        engine.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=float(os.environ.get("DAYS", 30)))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if args.days <= 0:
        print("--days must be more than 0", file=sys.stderr)
        return 2
    url = database_url()
    try:
        conversations, events = purge(url, args.days, args.dry_run)
    except Exception as error:  # noqa: BLE001 (an operator reads this)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"Could not purge {redact(url)}: {reason}", file=sys.stderr)
        return 2
    verb = "Would delete" if args.dry_run else "Deleted"
    print(f"{verb} {conversations} conversation(s), {events} event(s), idle for more than "
          f"{args.days:g} day(s), in {redact(url)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
