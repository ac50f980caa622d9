"""The Redis cache client of the test settings."""

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
