"""The Redis cache client of the test settings."""

from django.core.cache.backends.locmem import LocMemCache
from django_redis.client import DefaultClient


class PrefixClearClient(DefaultClient):
    """``cache.clear()`` removes this test run's keys only.

    Several checkouts test against one Redis database, each run under its own key prefix;
    django-redis would FLUSHDB, logging the other runs' test clients out in the middle of a test
    (their sessions live in the cache) and resetting their counters.
    """

    def clear(self, client=None) -> None:
        client = client or self.get_client(write=True)
        pipeline = client.pipeline()
        for key in client.scan_iter(match=f"{self._backend.key_prefix}:*", count=1000):
            pipeline.delete(key)
        pipeline.execute()


class RecordingCache(LocMemCache):
    """A local-memory cache that records the keys each ``get_many`` asked for (the page cache's
    one round trip a request), for tests that must see whether a request reached the cache."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self.asked: list[list[str]] = []

    def get_many(self, keys, version=None):
        keys = list(keys)
        self.asked.append(keys)
        return super().get_many(keys, version=version)
