"""Agenda page speed with 500 sessions (see bench/run.py for the harness contract).

- Query counts of the cold agenda page at 50 and at 500 sessions (must be equal).
- Warm: requests/s and p50/p99 at 16 concurrent clients over HTTP (the rendered agenda body comes
  from the cache).
- Cold: p50/p99 of the same page with the cache emptied before every request, measured
  in-process (the cache of the gunicorn workers cannot be emptied between two requests of a load
  run from outside).
"""

import datetime
import statistics
import time
import zoneinfo

BENCH_YEARS = {50: 2090, 500: 2091}
CONCURRENCY = 16


def _programme(n: int):
    """An edition with ``n`` published sessions and its own agenda page, created once."""
    from wagtail.models import Locale, Page, Site

    from cms.models import (
        AgendaPage,
        Edition,
        HomePage,
        Room,
        Session,
        SessionSpeaker,
        Speaker,
        Theme,
    )

    year = BENCH_YEARS[n]
    slug = f"bench-agenda-{n}"
    page = AgendaPage.objects.filter(slug=slug).first()
    if page is not None and page.edition.sessions.count() == n:
        return page
    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    day = datetime.date(year, 10, 25)
    edition, _ = Edition.objects.update_or_create(
        year=year, defaults={"name": f"Bench {year}", "start_date": day, "end_date": day,
                             "venue": "Furama"})
    Session.objects.filter(edition=edition).delete()
    SessionSpeaker.objects.filter(speaker__edition=edition).delete()
    Speaker.objects.filter(edition=edition).delete()
    Room.objects.filter(edition=edition).delete()
    Theme.objects.filter(edition=edition).delete()
    rooms = [Room.objects.create(edition=edition, name=f"Phòng {i}", sort_order=i)
             for i in range(5)]
    themes = [Theme.objects.create(edition=edition, name=f"Chủ đề {i}", slug=f"chu-de-{i}")
              for i in range(4)]
    speakers = [Speaker.objects.create(edition=edition, name=f"Diễn giả Số {i}")
                for i in range(40)]
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=tz)
    sessions = Session.objects.bulk_create([
        Session(edition=edition, title=f"Phiên số {i}", search_text=f"phien so {i}",
                start=start + datetime.timedelta(minutes=10 * (i // 5)),
                end=start + datetime.timedelta(minutes=10 * (i // 5) + 10),
                room=rooms[i % 5], live=True, first_published_at=start,
                last_published_at=start)
        for i in range(n)
    ])
    through = Session.themes.through
    through.objects.bulk_create(
        [through(session_id=s.pk, theme_id=themes[i % 4].pk) for i, s in enumerate(sessions)])
    SessionSpeaker.objects.bulk_create(
        [SessionSpeaker(session=s, speaker=speakers[(i + k) % 40], sort_order=k)
         for i, s in enumerate(sessions) for k in range(2)])

    if page is None:
        vi = Locale.objects.get_or_create(language_code="vi")[0]
        home = HomePage.objects.filter(locale=vi).first()
        if home is None:
            home = HomePage(title="Chính phủ số", slug="trang-chu", locale=vi)
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
            site = Site.objects.filter(is_default_site=True).first()
            if site is None:
                Site.objects.create(hostname="localhost", port=80, root_page=home,
                                    is_default_site=True)
            else:
                site.root_page = home
                site.save()
        page = AgendaPage(title=f"Bench {n}", slug=slug, edition=edition)
        home.add_child(instance=page)
    page.edition = edition
    page.save_revision().publish()
    return page


def empty_cache(cache) -> None:
    """Empty the cache of this run only: a shared Redis keeps other people's keys."""
    if hasattr(cache, "delete_pattern"):  # django-redis: only keys under our KEY_PREFIX
        cache.delete_pattern("*")
    else:
        cache.clear()


def _cold_counts_and_times(url: str, repeat: int = 30):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    times, queries = [], None
    for _ in range(repeat):
        empty_cache(cache)
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    times.sort()
    return queries, statistics.median(times), times[int(len(times) * 0.99) - 1]


def run(ctx) -> str:
    ctx.setup_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    pages = {n: _programme(n) for n in BENCH_YEARS}
    urls = {n: page.url for n, page in pages.items()}
    counts = {}
    cold = {}
    for n, url in urls.items():
        counts[n], p50, p99 = _cold_counts_and_times(url)
        cold[n] = (p50, p99)
    from bench.harness import BROWSER_HEADERS

    health = ctx.wrk("/healthz", concurrency=CONCURRENCY, headers=BROWSER_HEADERS)
    warm = ctx.wrk(urls[500], concurrency=CONCURRENCY, headers=BROWSER_HEADERS)
    grid = ctx.wrk(urls[500] + "grid/", concurrency=CONCURRENCY, headers=BROWSER_HEADERS)
    cold_ok = cold[500][0] <= 150 and counts[50] == counts[500]
    warm_share = 100 * warm.rps / health.rps if health.rps else 0
    ceiling = ctx.ceiling
    lines = [
        "## Agenda (cms)",
        "",
        f"Agenda page by day ({urls[500]}), 500 published sessions over 5 rooms, 2 speakers and "
        f"a theme each; {CONCURRENCY} concurrent clients ({ctx.load_tool}), anonymous, "
        "`Accept-Encoding: gzip`. Targets (issue #17): warm >= 50 % of `/healthz` with p99 <= "
        "50 ms; cold (cache empty) p50 <= 150 ms with the same query count at 50 and 500.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| queries, cold page, 50 sessions | {counts[50]} |",
        f"| queries, cold page, 500 sessions | {counts[500]} |",
        f"| `/healthz` in this section: requests/s | {health.rps:.0f} |",
        f"| warm: requests/s | {warm.rps:.0f} ({warm_share:.0f} % of `/healthz`; bare Django "
        f"ceiling {ceiling['rps']:.0f}) |",
        f"| warm: p50 / p99 | {warm.p50_ms:.1f} ms / {warm.p99_ms:.1f} ms |",
        f"| warm grid: requests/s, p50 / p99 | {grid.rps:.0f}, {grid.p50_ms:.1f} ms / "
        f"{grid.p99_ms:.1f} ms |",
        f"| cold (cache emptied before each request, in-process): p50 / p99, 500 sessions | "
        f"{cold[500][0]:.0f} ms / {cold[500][1]:.0f} ms |",
        f"| cold, 50 sessions: p50 / p99 | {cold[50][0]:.0f} ms / {cold[50][1]:.0f} ms |",
        f"| errors | {warm.errors + grid.errors} |",
        f"| targets | warm {'met' if warm_share >= 50 and warm.p99_ms <= 50 else 'NOT met'}, "
        f"cold {'met' if cold_ok else 'NOT met'} |",
        "",
    ]
    return "\n".join(lines)
