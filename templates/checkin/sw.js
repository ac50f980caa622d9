/* Service worker of the check-in scanner: keeps the app's shell so that it opens without network.
   API calls are never cached here: the app keeps its own manifest and queue in IndexedDB. */
const CACHE = "checkin-shell-v2";
const SHELL = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  // Network first (fresh pages and assets when online), the cached shell when offline.
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && (SHELL.includes(url.pathname) || request.mode === "navigate")) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, {ignoreSearch: request.mode !== "navigate"})
        .then((hit) => hit || caches.match("{{ scope|escapejs }}")))
  );
});
