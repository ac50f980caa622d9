"""What every scan reads before its one query (the scanner's device, the check-in point, and what
other apps look up for the answer, such as seating's seated doors), kept in each process's memory
and checked against one shared generation per request: one round trip to the cache backend per
scan, not one per thing. Anything that changes one of them calls ``scan_cache.bump()``."""

from conference.common.localcache import GenerationCache

scan_cache = GenerationCache("checkin")
