"""Values kept in each process's memory, valid while one shared generation number stays the same.

A hot path that reads several small, rarely changed things on every request (the scan API: the
scanner's device, the check-in point, which doors lead to a seated hall) would otherwise make one
round trip to the cache backend per thing, and unpickle each answer. A :class:`GenerationCache`
makes one round trip per request instead: it reads the generation (a random token kept in the
cache backend, shared by every app server), and while the generation is the one its entries were
loaded under, answers from memory. Any change to what it holds calls :meth:`bump`, which gives
the generation a new token: every process drops its entries at
its next request and loads again from the database.

Each entry also has a lifetime of its own (``seconds``), for what changes without anyone calling
``bump`` (a role taken from a scanner's owner). Entries are shared by the requests of a process:
callers must not change the objects they get.
"""

import contextvars
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction

# Entries a process keeps per cache before it starts again (devices and points are a few dozen).
MAX_ENTRIES = 1000


class GenerationCache:
    def __init__(self, name: str):
        self.key = f"generation:{name}"
        self._state: tuple[str | None, dict] = (None, {})
        self._pinned = contextvars.ContextVar(f"{name}_generation", default=None)

    def _read_generation(self) -> str:
        generation = cache.get(self.key)
        if generation is None:  # first use, or the backend lost it: whoever adds first wins
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            generation = cache.get(self.key) or ""
        return generation

    @contextmanager
    def pinned(self):
        """Read the generation once for everything looked up inside (one request)."""
        token = self._pinned.set(self._read_generation())
        try:
            yield
        finally:
            self._pinned.reset(token)

    def get(self, key, load: Callable[[], object], seconds: float):
        """The value of ``key``: from memory while the generation holds and the entry is younger
        than ``seconds``, else ``load()`` (which may raise: nothing is kept then)."""
        generation = self._pinned.get() or self._read_generation()
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
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
        self._state = (None, {})
