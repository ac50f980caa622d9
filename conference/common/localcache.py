"""Values kept in each process's memory, valid while one shared generation stays the same.

A hot path that reads several small, rarely changed things on every request (the scan API: the
scanner's device, the check-in point, which doors lead to a seated hall) would otherwise make one
round trip to the cache backend per thing, and unpickle each answer. A :class:`GenerationCache`
answers them from memory while the generation they were loaded under is current. The generation
is a random token kept in the cache backend (Redis in production, shared by every app server);
a process reads it at most once a second (``check_seconds``), so the hot path makes no round trip
at all in between. Any change to what the cache holds calls :meth:`bump`, which gives the
generation a new token: the process that made the change forgets its entries at once, every
other process within ``check_seconds``, and each loads again from the database.

Each entry also has a lifetime of its own (``seconds``), for what changes without anyone calling
``bump`` (a role taken from a scanner's owner). Entries are shared by the requests of a process:
callers must not change the objects they get.
"""

import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

# Entries a process keeps per cache before it starts again (devices and points are a few dozen).
MAX_ENTRIES = 1000
# How long a process trusts the generation it last read before it reads it again.
CHECK_SECONDS = 1.0


class GenerationCache:
    def __init__(self, name: str, *, check_seconds: float = CHECK_SECONDS):
        self.key = f"generation:{name}"
        self.check_seconds = check_seconds
        self._state: tuple[str | None, dict] = (None, {})  # (generation, {key: (until, value)})
        self._seen: tuple[str | None, float] = (None, 0.0)  # (generation, when it was read)

    def generation(self) -> str:
        """The current generation, read from the cache backend at most once per
        ``check_seconds``."""
        now = time.monotonic()
        seen, at = self._seen
        if seen is not None and now - at < self.check_seconds:
            return seen
        generation = cache.get(self.key)
        if generation is None:  # first use, or the backend lost it: whoever adds first wins
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            generation = cache.get(self.key) or ""
        self._seen = (generation, now)
        return generation

    def get(self, key, load: Callable[[], object], seconds: float):
        """The value of ``key``: from memory while the generation holds and the entry is younger
        than ``seconds``, else ``load()`` (which may raise: nothing is kept then)."""
        generation = self.generation()
        state = self._state
        if state[0] != generation or len(state[1]) >= MAX_ENTRIES:
            state = (generation, {})
            self._state = state
        now = time.monotonic()
        entry = state[1].get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        state[1][key] = (now + seconds, value)
        return value

    def bump(self) -> None:
        """Every process forgets every entry: now, and again when the current transaction
        commits, so that what a request loads in between (the rows before the change) is
        forgotten too."""
        self._bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self._bump)

    def _bump(self) -> None:
        generation = uuid.uuid4().hex
        cache.set(self.key, generation, timeout=None)
        self._seen = (generation, time.monotonic())
        self._state = (None, {})
