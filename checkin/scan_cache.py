"""What every scan reads before its one query (the scanner's device, the check-in point, and what
other apps look up for the answer, such as seating's seated doors), kept in each process's memory
under a shared generation (conference.common.localcache): a scan makes no round trip to the cache
backend. Anything that changes one of them calls ``scan_cache.bump()``: the app server that made
the change sees it at once, the others within a second."""

from conference.common.localcache import GenerationCache

scan_cache = GenerationCache("checkin")
