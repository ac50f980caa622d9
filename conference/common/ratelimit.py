"""Who the client is behind our proxies, and fixed-window limits per client or per account.

Every limit (registration, the waiting list, checkout, the public vote, allauth's logins through
the account adapter) and every audit entry takes the address from ``client_ip``, so that behind
nginx a limit is per visitor, not site-wide.

The limiter is ours rather than django-ratelimit's: the same fixed-window counter in the cache,
but services (the public vote) limit an account or an address without a request, which
django-ratelimit's API (keys computed from a request) does not offer; one limiter serves both.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address, trusting exactly ``settings.TRUSTED_PROXY_COUNT`` proxies.

    Each proxy we run appends the address it received the request from to X-Forwarded-For
    (nginx: ``proxy_add_x_forwarded_for``); with N of them the client is the N-th entry from the
    right. Entries further left were written by the client and are ignored; with 0 trusted hops
    the header is not read at all. A header shorter than N entries, or an entry that is not an
    address, means the request did not come through our proxies: REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops <= 0:
        return remote
    entries = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [part for part in entries if part]
    if len(entries) < hops:
        return remote
    candidate = entries[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt on ``key``; True once more than ``limit`` were made in the window of
    ``window`` seconds that the first of them opened (0 = no limit). The counter is created with
    its expiry and then only incremented (atomic INCR in Redis, which keeps the expiry), so a
    burst cannot slip through at a clock-aligned window boundary."""
    if limit <= 0:
        return False
    counter = f"ratelimit:{key}"
    cache.add(counter, 0, window)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, window)
        count = 1
    return count > limit


def client_limited(request, scope: str, *, limit: int, window: int = 600) -> bool:
    """``hit`` for this client's address in ``scope`` (e.g. "register")."""
    return hit(f"{scope}:{client_ip(request)}", limit=limit, window=window)
