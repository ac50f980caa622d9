"""The test settings' cache: clearing it leaves other test runs' keys alone."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache


def test_clearing_the_cache_keeps_other_runs_keys():
    if "redis" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("REDIS_URL is not set: the in-memory cache is this process's own")
    other = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    other.set("govconf-test-another-run:1:session", b"kept", ex=60)
    cache.set("mine", "gone")
    cache.clear()
    assert cache.get("mine") is None
    assert other.get("govconf-test-another-run:1:session") == b"kept"
    other.delete("govconf-test-another-run:1:session")
