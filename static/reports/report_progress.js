// Progress of a post-event report being prepared: polls its status until it is ready or failed.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  function finished(status) { return status === "done" || status === "failed"; }
  function update(data) {
    box.dataset.status = data.status;
    box.querySelector("[data-status-label]").textContent = data.status_label;
    box.querySelector("progress").value = data.percent;
    var error = box.querySelector("[data-error]");
    error.textContent = data.error || "";
    error.hidden = !data.error;
    box.querySelector("[data-ready]").hidden = data.status !== "done";
  }
  function poll() {
    if (finished(box.dataset.status)) { return; }
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        update(data);
        if (!finished(data.status)) { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
