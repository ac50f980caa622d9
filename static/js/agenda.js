/* Stars on the agenda: kept in this browser for visitors, on the account once logged in.
 * Without JavaScript the star buttons still work: they post a plain form (login required). */
(function () {
  "use strict";
  var configEl = document.getElementById("agenda-config");
  if (!configEl || !window.fetch) return;
  var cfg = JSON.parse(configEl.textContent);
  var KEY = "govconf:starred-sessions";
  var starred = [];

  function readLocal() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return ids.map(Number).filter(function (n) { return n > 0; });
    } catch (e) { return []; }
  }
  function writeLocal(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ids)); } catch (e) { /* private mode */ }
  }
  function csrfToken() {
    var input = document.querySelector("#star-form input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function call(url, body) {
    var options = { credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken();
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) { return data.sessions || []; });
  }
  function mark() {
    var set = {};
    starred.forEach(function (id) { set[String(id)] = true; });
    document.querySelectorAll("button.star").forEach(function (button) {
      var on = !!set[button.getAttribute("data-session")];
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.querySelector(".star__icon").textContent = on ? "★" : "☆";
      button.querySelector(".star__label").textContent = on ? cfg.starredLabel : cfg.starLabel;
    });
  }
  function myUrl() {
    return cfg.myUrl + (starred.length ? "?ids=" + starred.join(",") : "");
  }
  function linkMyAgenda() {
    if (cfg.authenticated) return;
    document.querySelectorAll("a").forEach(function (link) {
      var href = link.getAttribute("href") || "";
      if (href === cfg.myUrl || href.indexOf(cfg.myUrl + "?ids=") === 0) link.setAttribute("href", myUrl());
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.star") : null;
    if (!button) return;
    event.preventDefault();
    var id = Number(button.getAttribute("data-session"));
    var on = button.getAttribute("aria-pressed") !== "true";
    if (cfg.authenticated) {
      call(cfg.starsUrl, { session: id, starred: on }).then(function (ids) { starred = ids; mark(); });
    } else {
      starred = starred.filter(function (x) { return x !== id; });
      if (on) starred.push(id);
      writeLocal(starred);
      mark();
      linkMyAgenda();
    }
  });

  if (cfg.authenticated) {
    var pending = readLocal();
    var request = pending.length ? call(cfg.mergeUrl, { sessions: pending }) : call(cfg.starsUrl);
    request.then(function (ids) {
      if (pending.length) {
        try { window.localStorage.removeItem(KEY); } catch (e) { /* ignore */ }
        if (document.querySelector("[data-my-agenda]")) { window.location.reload(); return; }
      }
      starred = ids;
      mark();
    });
  } else {
    starred = readLocal();
    mark();
    linkMyAgenda();
    // A visitor's own agenda is rendered by the server from the ids kept in this browser.
    if (document.querySelector("[data-my-agenda]") && starred.length &&
        window.location.search.indexOf("ids=") === -1) {
      window.location.replace(myUrl());
    }
  }
})();
