"""Values kept in a process's memory, checked against a shared generation (common.localcache).

Two GenerationCache objects of one name stand for two app servers: each has its own memory, and
they share the generation through the cache backend (Redis when REDIS_URL is set). Most servers
here read the generation at every lookup (``check_seconds=0``); production reads it at most once
a second.
"""

import time

import pytest
from django.core.cache import cache
from django.db import transaction

from conference.common.localcache import GenerationCache


class Loader:
    def __init__(self, *values):
        self.values = list(values)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.values[min(self.calls, len(self.values)) - 1]


def test_a_value_is_loaded_once_then_kept():
    server = GenerationCache("test-kept")
    load = Loader("Cổng chính")
    assert server.get("point", load, 30) == "Cổng chính"
    assert server.get("point", load, 30) == "Cổng chính"
    assert load.calls == 1


def test_a_bump_on_one_server_is_seen_by_the_others_at_their_next_read():
    one = GenerationCache("test-servers", check_seconds=0)
    two = GenerationCache("test-servers", check_seconds=0)
    load_one, load_two = Loader("old", "new"), Loader("old", "new")
    assert one.get("point", load_one, 30) == "old"
    assert two.get("point", load_two, 30) == "old"
    one.bump()
    assert two.get("point", load_two, 30) == "new"
    assert one.get("point", load_one, 30) == "new"
    assert (load_one.calls, load_two.calls) == (2, 2)


def test_an_entry_lives_no_longer_than_its_seconds():
    server = GenerationCache("test-seconds")
    load = Loader("a", "b")
    assert server.get("device", load, 0) == "a"
    assert server.get("device", load, 0) == "b"


def test_losing_the_generation_in_the_backend_forgets_everything():
    server = GenerationCache("test-lost", check_seconds=0)
    load = Loader("before", "after")
    assert server.get("doors", load, 300) == "before"
    cache.delete(server.key)  # evicted, flushed, a new Redis
    assert server.get("doors", load, 300) == "after"


def test_a_failed_load_keeps_nothing():
    server = GenerationCache("test-failed")

    def refuse():
        raise LookupError("unknown device")

    with pytest.raises(LookupError):
        server.get("device", refuse, 60)
    assert server.get("device", Loader("found"), 60) == "found"


def test_other_servers_see_a_bump_within_check_seconds_and_the_bumping_one_at_once():
    one = GenerationCache("test-throttled", check_seconds=60)
    slow = GenerationCache("test-throttled", check_seconds=60)
    quick = GenerationCache("test-throttled", check_seconds=0.05)
    loads = {server: Loader("old", "new") for server in (one, slow, quick)}
    for server, load in loads.items():
        assert server.get("device", load, 60) == "old"
    one.bump()  # say, a scanner revoked on server one
    assert one.get("device", loads[one], 60) == "new"
    assert slow.get("device", loads[slow], 60) == "old"  # it read the generation < 60 s ago
    time.sleep(0.1)
    assert quick.get("device", loads[quick], 60) == "new"


@pytest.mark.django_db(transaction=True)
def test_a_bump_inside_a_transaction_bumps_again_when_it_commits():
    """A request that loads between the change and its commit reads the rows before the change;
    what it kept is forgotten once the change commits."""
    editor = GenerationCache("test-commit", check_seconds=0)
    reader = GenerationCache("test-commit", check_seconds=0)
    load = Loader("before", "still before", "after")
    with transaction.atomic():
        editor.bump()
        assert reader.get("point", load, 30) == "before"
        assert reader.get("point", load, 30) == "before"
    assert reader.get("point", load, 30) == "still before"  # loaded again after the commit
    assert load.calls == 2
