"""What a phone downloads (issue #17): home and agenda at 360 px in Chromium, first visit.

For each page, a fresh browser context (empty HTTP cache) opens the page at 360 x 740 and waits
until the network is idle and the fonts are ready; every request is counted with the bytes that
crossed the wire (response headers + encoded body, as Chromium reports them). Also: whether the HTML
came compressed, and the scripts that block rendering (a ``<script src>`` in the head without
``defer``/``async``/``type=module``).
"""

import os
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

WIDTH, HEIGHT = 360, 740


def _measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    document = page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    blocking = page.evaluate(
        """() => [...document.head.querySelectorAll('script[src]')]
             .filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)"""
    )
    by_type = Counter()
    bytes_by_type = Counter()
    total = 0
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total += size
        kind = request.resource_type
        by_type[kind] += 1
        bytes_by_type[kind] += size
    encoding = (document.headers.get("content-encoding") or "none") if document else "?"
    context.close()
    return {"requests": len(finished), "bytes": total, "by_type": by_type,
            "bytes_by_type": bytes_by_type, "html_encoding": encoding, "blocking": blocking}


def measure(server_url: str, paths: dict[str, str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox"])
        try:
            return {label: _measure(browser, server_url.rstrip("/") + path)
                    for label, path in paths.items()}
        finally:
            browser.close()


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def table(results: dict[str, dict]) -> list[str]:
    lines = ["| page | requests | transferred | HTML | CSS | fonts | scripts | HTML encoding "
             "| render-blocking scripts |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    for label, r in results.items():
        def part(kind, r=r):
            return f"{r['by_type'][kind]} · {_kb(r['bytes_by_type'][kind])}"

        lines.append(
            f"| {label} | {r['requests']} | {_kb(r['bytes'])} | {part('document')} | "
            f"{part('stylesheet')} | {part('font')} | {part('script')} | {r['html_encoding']} | "
            f"{len(r['blocking'])} |"
        )
    return lines


def run(ctx) -> str:
    if not Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists():
        return "## Page weight\n\nNot measured: no Chromium."
    with urllib.request.urlopen(ctx.url("/agenda/"), timeout=30) as response:  # noqa: S310
        agenda = urllib.parse.urlsplit(response.geturl()).path
    results = measure(ctx.server_url, {"home (`/`)": "/", f"agenda (`{agenda}`)": agenda})
    return "\n".join([
        "## Page weight (what a phone downloads)",
        "",
        f"Chromium at {WIDTH} px (mobile, DPR 2), first visit with an empty cache, until the "
        "network is idle and the fonts are ready. *Transferred* is what crossed the wire "
        "(headers + compressed bodies).",
        "",
        *table(results),
        "",
    ])


if __name__ == "__main__":  # python bench/bench_pageweight.py http://127.0.0.1:8000 [/path ...]
    import sys

    server = sys.argv[1]
    paths = {path: path for path in (sys.argv[2:] or ["/"])}
    print("\n".join(table(measure(server, paths))))
