/* The check-in scanner: camera (jsQR), handheld keyboard-wedge scanners and manual search.
 *
 * Online, every scan is decided by the server (POST /api/checkin/scan/). Without network (or when
 * the server does not answer within a few seconds) the app decides locally from the point's
 * manifest, shows the answer at once, and queues the scan in IndexedDB with its nonce; the queue
 * is uploaded when the network is back. The nonce makes every upload idempotent: a scan the
 * server already has (a lost response, a retried batch) is answered, never counted twice.
 *
 * The offline decision itself is in decide.js, and what to do with the server's answers to an
 * upload in upload.js (ES modules, tested with node --test): a scan the server refuses for good
 * is set aside and listed for staff with its reason, and the queue goes on without it.
 */
import { codePattern, decideLocally as decide, readManifest } from "./decide.js";
import { displayCode, uploadRound } from "./upload.js";

(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("checkin-config").textContent);
  var S = config.strings;
  // Well-formed badge codes, from the server's alphabet and length.
  var CODE = codePattern(config.badgeCode);
  var TOKEN_KEY = "checkin.device." + config.userId;
  var POINT_KEY = "checkin.point";
  var ONLINE_TIMEOUT_MS = 3500;
  var RESULT_MS = 2500;
  // The server counts as healthy this long after it last accepted a scan (see upload.js).
  var HEALTHY_MS = 120000;
  var SAME_CODE_MS = 3000;

  var $ = function (sel) { return document.querySelector(sel); };
  var ui = {
    point: $("[data-point]"), app: $("[data-app]"), choose: $("[data-choose]"),
    session: $("[data-session]"),
    network: $("[data-network]"), sync: $("[data-sync]"),
    wedgeForm: $("[data-wedge-form]"), wedge: $("[data-wedge]"),
    video: $("[data-video]"), canvas: $("[data-canvas]"), camera: $("[data-camera]"),
    searchForm: $("[data-search-form]"), search: $("[data-search]"), results: $("[data-results]"),
    result: $("[data-result]"), title: $("[data-result-title]"), name: $("[data-result-name]"),
    org: $("[data-result-org]"), seat: $("[data-result-seat]"), chip: $("[data-result-chip]"), category: $("[data-result-category]"),
    message: $("[data-result-message]"), offlineNote: $("[data-result-offline]"), undo: $("[data-undo]"),
    refused: $("[data-refused]"), refusedList: $("[data-refused-list]"), refusedClear: $("[data-refused-clear]")
  };

  var state = {
    token: localStorage.getItem(TOKEN_KEY),
    point: null,
    manifest: null,      // {version, point, categories, admit: Map, refuse: Map, inside: Set}
    manifestAt: null,
    queued: 0,
    refused: [],
    lastAcceptedAt: 0,
    online: navigator.onLine,
    revoked: false,
    lastCode: null, lastCodeAt: 0,
    hideTimer: null,
    undoScan: null,
    stats: {localDecisions: 0, lastLocalMs: null, maxLocalMs: 0, uploaded: 0}
  };
  window.checkinApp = {state: state};

  function fmt(text, params) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return params[key]; });
  }

  function newNonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- IndexedDB: the manifest per point, the queue of scans waiting to upload, and the scans
  // the server refused for good (kept for staff to see). -------------------------------------
  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open("govconf-checkin", 2);
    open.onupgradeneeded = function (event) {
      if (event.oldVersion < 1) {
        open.result.createObjectStore("manifests", {keyPath: "pointId"});
        open.result.createObjectStore("queue", {keyPath: "nonce"});
      }
      if (event.oldVersion < 2) open.result.createObjectStore("refused", {keyPath: "nonce"});
    };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });

  function tx(store, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result = work(t.objectStore(store));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  var queueAdd = function (item) { return tx("queue", "readwrite", function (s) { return s.put(item); }); };
  var queueAll = function () { return tx("queue", "readonly", function (s) { return s.getAll(); }); };
  var queueDelete = function (nonces) {
    return tx("queue", "readwrite", function (s) { nonces.forEach(function (n) { s.delete(n); }); });
  };
  var queuePut = function (items) {
    return tx("queue", "readwrite", function (s) { items.forEach(function (it) { s.put(it); }); });
  };
  var refusedAll = function () { return tx("refused", "readonly", function (s) { return s.getAll(); }); };
  var refusedAdd = function (rows) {
    return tx("refused", "readwrite", function (s) { rows.forEach(function (r) { s.put(r); }); });
  };
  var refusedClear = function () { return tx("refused", "readwrite", function (s) { s.clear(); }); };

  // --- API ------------------------------------------------------------------------------------
  function api(path, options) {
    options = options || {};
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, options.timeout || ONLINE_TIMEOUT_MS);
    var headers = {"Authorization": "Device " + state.token, "Accept-Language": config.language};
    if (options.body) headers["Content-Type"] = "application/json";
    if (options.etag) headers["If-None-Match"] = options.etag;
    return fetch(config.api + path, {
      method: options.method || "GET", headers: headers, credentials: "omit",
      body: options.body ? JSON.stringify(options.body) : undefined, signal: controller.signal,
      cache: "no-store"
    }).finally(function () { clearTimeout(timer); });
  }

  function checkRevoked(response) {
    if (response.status === 401 || response.status === 403) {
      return response.clone().json().then(function (body) {
        if (body.code === "device_revoked" || body.code === "device_unknown" || body.code === "device_not_allowed") {
          state.revoked = true;
          if (body.code === "device_unknown") { localStorage.removeItem(TOKEN_KEY); state.token = null; }
          showAnswer({colour: "red", title: S.revokedDevice, message: body.message});
          throw new Error(body.code);
        }
        return response;
      }, function () { return response; });
    }
    return Promise.resolve(response);
  }

  function registerDevice() {
    if (state.token) return Promise.resolve(state.token);
    var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
    var data = new FormData();
    var platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
    data.append("name", (platform ? platform + " · " : "") + new Date().toLocaleDateString(config.language));
    return fetch(config.registerUrl, {method: "POST", body: data, credentials: "same-origin",
                                      headers: {"X-CSRFToken": decodeURIComponent(csrf)}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (body) {
        state.token = body.token;
        localStorage.setItem(TOKEN_KEY, body.token);
        return body.token;
      });
  }

  // --- Manifest -------------------------------------------------------------------------------
  function useManifest(record) {
    state.manifest = readManifest(record.data);
    state.manifestAt = new Date(record.fetchedAt);
    // Scans still queued were decided on this device after the manifest was built.
    return queueAll().then(function (items) {
      items.forEach(function (item) {
        if (item.point === state.point && item.local_result === "admitted") state.manifest.inside.add(item.code);
      });
      renderStatus();
    });
  }

  function loadStoredManifest(pointId) {
    return tx("manifests", "readonly", function (s) { return s.get(pointId); }).then(function (record) {
      if (record && pointId === state.point) return useManifest(record);
    });
  }

  function refreshManifest() {
    var pointId = state.point;
    if (!pointId || !state.token || state.revoked) return Promise.resolve();
    var etag = state.manifest && state.manifest.point.id === pointId ? '"' + state.manifest.version + '"' : null;
    return api("points/" + pointId + "/manifest/", {etag: etag, timeout: 20000})
      .then(checkRevoked)
      .then(function (response) {
        if (response.status === 304) {
          state.manifestAt = new Date();
          return tx("manifests", "readwrite", function (s) {
            var get = s.get(pointId);
            get.onsuccess = function () { if (get.result) { get.result.fetchedAt = Date.now(); s.put(get.result); } };
          }).then(renderStatus);
        }
        if (!response.ok) throw new Error(response.status);
        return response.json().then(function (data) {
          var record = {pointId: pointId, fetchedAt: Date.now(), data: data};
          return tx("manifests", "readwrite", function (s) { return s.put(record); }).then(function () {
            if (pointId === state.point) return useManifest(record);
          });
        });
      })
      .then(function () { setOnline(true); })
      .catch(function () { setOnline(false); });
  }

  // --- Decisions --------------------------------------------------------------------------------
  function decideLocally(code) {
    var started = performance.now();
    var answer = decide(state.manifest, code,
                        {pattern: CODE, strings: S, language: config.language, now: new Date()});
    var elapsed = performance.now() - started;
    state.stats.localDecisions += 1;
    state.stats.lastLocalMs = elapsed;
    state.stats.maxLocalMs = Math.max(state.stats.maxLocalMs, elapsed);
    return answer;
  }
  window.checkinApp.decideLocally = decideLocally;

  var seq = 0;
  function scan(raw, method) {
    var code = String(raw || "").trim().toUpperCase();
    if (!code || !state.point || state.revoked) return Promise.resolve();
    var item = {nonce: newNonce(), code: code.slice(0, 300), point: state.point,
                scanned_at: new Date().toISOString(), method: method, seq: Date.now() * 1000 + (seq++ % 1000)};
    var offline = function () {
      var answer = decideLocally(code);
      item.local_result = answer.result;
      answer.offline = true;
      showAnswer(answer);
      return queueAdd(item).then(function () { return countQueue(); });
    };
    if (!navigator.onLine || !state.token) { setOnline(false); return offline(); }
    return api("scan/", {method: "POST", body: {code: item.code, point: item.point, nonce: item.nonce, method: method}})
      .then(checkRevoked)
      .then(function (response) {
        return response.json().then(function (body) {
          if (!body.result) throw new Error(body.code || response.status);
          state.lastAcceptedAt = Date.now();
          setOnline(true);
          if (body.result === "admitted" && state.manifest && state.manifest.point.once) state.manifest.inside.add(code);
          showAnswer(body);
        });
      })
      .catch(function (error) {
        if (state.revoked) return;
        // No answer in time: decide here. The same nonce goes in the queue, so if the server
        // did record the scan, the upload returns that first answer instead of a second scan.
        return offline();
      });
  }

  // --- Showing the answer -------------------------------------------------------------------------
  var audio;
  function beep(colour) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = colour === "green" ? [880] : colour === "amber" ? [660, 660] : [220, 180, 220];
      tones.forEach(function (freq, i) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        var start = audio.currentTime + i * 0.18;
        osc.frequency.value = freq;
        osc.type = colour === "red" ? "square" : "sine";
        gain.gain.setValueAtTime(0.25, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + 0.15);
        osc.connect(gain).connect(audio.destination);
        osc.start(start);
        osc.stop(start + 0.16);
      });
    } catch (e) { /* no audio: the colour is enough */ }
    if (navigator.vibrate) navigator.vibrate(colour === "green" ? 80 : colour === "amber" ? [80, 60, 80] : [200, 80, 200]);
  }

  function showAnswer(answer) {
    var colour = answer.colour || "red";
    ui.result.className = "result result--" + colour;
    ui.result.dataset.result = answer.result || "";
    ui.result.dataset.code = answer.badge_code || "";
    ui.title.textContent = answer.title || S[answer.result] || "";
    if (answer.result === "admitted" && answer.direction === "exit") ui.title.textContent = S.exit;
    var person = answer.attendee || {};
    ui.name.textContent = person.name || "";
    ui.org.textContent = person.organisation || "";
    ui.category.textContent = person.category || "";
    // The seat in this hall, when the point is a seated hall's door ("Hàng A, ghế 5").
    var seat = answer.seat || null;
    ui.seat.textContent = seat ? seat.text + (seat.section ? " · " + seat.section : "") : "";
    ui.seat.hidden = !seat;
    ui.chip.style.background = person.colour || "transparent";
    ui.chip.hidden = !person.colour;
    var message = answer.message || "";
    if (answer.result === "already_checked_in" && answer.offline) message = S.already_checked_in;
    ui.message.textContent = message;
    ui.offlineNote.hidden = !answer.offline;
    state.undoScan = answer.undo_until && answer.scan_id ? answer.scan_id : null;
    ui.undo.hidden = !state.undoScan;
    ui.result.hidden = false;
    beep(colour);
    clearTimeout(state.hideTimer);
    state.hideTimer = setTimeout(hideAnswer, RESULT_MS);
    // Ready for the next badge at once: the wedge field keeps the focus under the answer.
    ui.wedge.focus();
  }

  function hideAnswer() {
    ui.result.hidden = true;
    ui.wedge.focus();
  }

  ui.result.addEventListener("click", function (event) { if (event.target !== ui.undo) hideAnswer(); });
  ui.undo.addEventListener("click", function () {
    var id = state.undoScan;
    if (!id) return;
    api("scans/" + id + "/undo/", {method: "POST", body: {}})
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (state.manifest && ui.result.dataset.result === "admitted") {
          state.manifest.inside.delete(ui.result.dataset.code);
        }
        showAnswer({colour: "amber", title: S.undone, message: body.message || ""});
      })
      .catch(function (e) { showAnswer({colour: "red", title: fmt(S.error, {error: e.message}) }); });
  });

  // --- Status line: network, queue, manifest age --------------------------------------------------
  function setOnline(online) {
    state.online = online;
    renderStatus();
  }

  function countQueue() {
    return queueAll().then(function (items) { state.queued = items.length; renderStatus(); });
  }

  function renderStatus() {
    ui.network.textContent = state.online ? S.online : S.offline;
    ui.network.className = "status " + (state.online ? "status--online" : "status--offline");
    var parts = [];
    parts.push(state.queued ? fmt(S.waiting, {count: state.queued}) : S.uploaded);
    if (state.manifestAt) {
      parts.push(fmt(S.manifestAge, {time: state.manifestAt.toLocaleTimeString(config.language)}));
    } else {
      parts.push(S.noManifest);
    }
    ui.sync.textContent = parts.join(" · ");
    ui.sync.dataset.queued = String(state.queued);
  }

  // --- Refused scans: set aside, listed for staff with the server's reason ------------------------
  function renderRefused() {
    return refusedAll().then(function (rows) {
      rows.sort(function (a, b) { return a.seq - b.seq; });
      state.refused = rows;
      ui.refused.hidden = !rows.length;
      ui.refused.dataset.count = String(rows.length);
      ui.refusedList.replaceChildren();
      rows.forEach(function (row) {
        var li = document.createElement("li");
        li.dataset.nonce = row.nonce;
        var code = document.createElement("code");
        code.textContent = displayCode(row.code);
        var when = document.createElement("time");
        when.dateTime = row.scanned_at;
        when.textContent = new Date(row.scanned_at).toLocaleTimeString(config.language);
        var reason = document.createElement("span");
        reason.className = "refused-reason";
        reason.textContent = row.message || row.reason;
        li.append(when, " ", code, " — ", reason);
        ui.refusedList.appendChild(li);
      });
    });
  }
  ui.refusedClear.addEventListener("click", function () { refusedClear().then(renderRefused); });

  // --- Upload of queued scans ---------------------------------------------------------------------
  var uploading = false;
  function send(batch) {
    var clean = batch.map(function (it) {
      return {nonce: it.nonce, code: it.code, point: it.point, scanned_at: it.scanned_at,
              method: it.method, local_result: it.local_result};
    });
    return api("scans/", {method: "POST", body: {scans: clean}, timeout: 20000})
      .then(checkRevoked)
      .then(function (response) {
        return response.json().then(
          function (body) { return {status: response.status, body: body}; },
          function () { return {status: response.status, body: null}; }
        );
      });
  }

  function upload() {
    if (uploading || !navigator.onLine || !state.token || state.revoked) return Promise.resolve();
    uploading = true;
    return queueAll().then(function (items) {
      if (!items.length) return;
      // In the order they were scanned (upload.js sorts): the server replays the door's
      // decisions in sequence.
      var healthy = Date.now() - state.lastAcceptedAt < HEALTHY_MS;
      return uploadRound(items, send, {healthy: healthy}).then(function (outcome) {
        if (outcome.accepted) state.lastAcceptedAt = Date.now();
        state.stats.uploaded += outcome.done.length - outcome.setAside.length;
        var refused = outcome.setAside.map(function (r) {
          return {nonce: r.item.nonce, seq: r.item.seq, code: r.item.code, point: r.item.point,
                  scanned_at: r.item.scanned_at, reason: r.code, message: r.message,
                  refusedAt: new Date().toISOString()};
        });
        setOnline(outcome.stopped === null || outcome.accepted > 0);
        // Set aside first, then out of the queue: a crash in between keeps the scan queued.
        return refusedAdd(refused)
          .then(function () { return queuePut(outcome.updated); })
          .then(function () { return queueDelete(outcome.done); })
          .then(function () { if (refused.length) return renderRefused(); });
      });
    }).catch(function () { setOnline(false); })
      .finally(function () { uploading = false; return countQueue(); });
  }
  window.checkinApp.upload = upload;
  window.checkinApp.refreshManifest = refreshManifest;

  // --- Camera -------------------------------------------------------------------------------------
  var scanning = false;
  function startCamera() {
    if (scanning) return;
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (stream) {
        ui.video.srcObject = stream;
        ui.video.hidden = false;
        ui.camera.hidden = true;
        scanning = true;
        return ui.video.play();
      })
      .then(function () { requestAnimationFrame(tick); })
      .catch(function (e) { showAnswer({colour: "red", title: fmt(S.cameraError, {error: e.message || e.name})}); });
  }

  var lastFrame = 0;
  function tick(now) {
    if (!scanning) return;
    if (now - lastFrame > 120 && ui.video.readyState >= 2 && ui.video.videoWidth) {
      lastFrame = now;
      var w = ui.video.videoWidth, h = ui.video.videoHeight;
      var ctx = ui.canvas.getContext("2d", {willReadFrequently: true});
      ui.canvas.width = w; ui.canvas.height = h;
      ctx.drawImage(ui.video, 0, 0, w, h);
      var found = decodeCanvas(ui.canvas);
      if (found) {
        var t = Date.now();
        if (found !== state.lastCode || t - state.lastCodeAt > SAME_CODE_MS) {
          state.lastCode = found; state.lastCodeAt = t;
          scan(found, "camera");
        }
      }
    }
    requestAnimationFrame(tick);
  }

  function decodeCanvas(canvas) {
    var ctx = canvas.getContext("2d", {willReadFrequently: true});
    var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    var qr = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "attemptBoth"});
    return qr && qr.data ? qr.data : null;
  }
  window.checkinApp.decodeCanvas = decodeCanvas;

  // --- Manual search --------------------------------------------------------------------------------
  ui.searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = ui.search.value.trim();
    if (!q) return;
    api("search/?q=" + encodeURIComponent(q))
      .then(checkRevoked)
      .then(function (r) { return r.json(); })
      .then(function (body) {
        ui.results.replaceChildren();
        if (!body.results.length) {
          var li = document.createElement("li");
          li.textContent = S.noResults;
          ui.results.appendChild(li);
        }
        body.results.forEach(function (person) {
          var li = document.createElement("li");
          var text = document.createElement("span");
          text.textContent = person.name + " — " + (person.organisation || "") + " · " + person.category + " · " + person.status_display;
          li.appendChild(text);
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = person.code ? S.checkIn : S.noBadge;
          button.disabled = !person.code;
          button.addEventListener("click", function () { scan(person.code, "manual"); });
          li.appendChild(button);
          ui.results.appendChild(li);
        });
      })
      .catch(function (e) { showAnswer({colour: "red", title: fmt(S.error, {error: e.message})}); });
  });

  // --- Wiring ---------------------------------------------------------------------------------------
  ui.wedgeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = ui.wedge.value;
    ui.wedge.value = "";
    scan(value, "wedge");
  });
  ui.camera.addEventListener("click", startCamera);

  function choosePoint(value) {
    state.point = value ? parseInt(value, 10) : null;
    state.manifest = null;
    state.manifestAt = null;
    ui.app.hidden = !state.point;
    ui.choose.hidden = !!state.point;
    var chosen = (config.points || []).filter(function (p) { return p.id === state.point; })[0];
    ui.session.textContent = chosen && chosen.session ? chosen.session.label : "";
    ui.session.hidden = !(chosen && chosen.session);
    if (!state.point) { localStorage.removeItem(POINT_KEY); return Promise.resolve(); }
    localStorage.setItem(POINT_KEY, String(state.point));
    ui.wedge.focus();
    return loadStoredManifest(state.point).then(refreshManifest);
  }
  ui.point.addEventListener("change", function () { choosePoint(ui.point.value); });

  window.addEventListener("online", function () { setOnline(true); upload(); refreshManifest(); });
  window.addEventListener("offline", function () { setOnline(false); });
  setInterval(function () { upload(); }, 5000);
  setInterval(function () { refreshManifest(); }, 60000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorker, {scope: config.scope}).catch(function () {});
  }

  var ready = (navigator.onLine ? registerDevice() : Promise.resolve()).catch(function () {});
  ready.then(function () {
    var saved = localStorage.getItem(POINT_KEY);
    if (saved && ui.point.querySelector('option[value="' + saved + '"]')) {
      ui.point.value = saved;
      return choosePoint(saved);
    }
    ui.choose.hidden = false;
  }).then(function () {
    countQueue();
    renderRefused();
    upload();
    document.body.dataset.ready = "1";
  });
})();
