"""The one source of "now", as naive UTC: SQLite keeps no time zone, so every
stored and compared time is UTC without one. Tests move time by patching it."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
