// The badge batch page: follows the batch's progress until it is done, failed or needs a retry.
(function () {
  var box = document.getElementById("batch-progress");
  function update(data) {
    box.dataset.status = data.status;
    box.querySelector("[data-status-label]").textContent = data.status_label;
    box.querySelector("[data-done]").textContent = data.done;
    box.querySelector("[data-total]").textContent = data.total;
    box.querySelector("progress").value = data.percent;
    var error = box.querySelector("[data-error]");
    error.textContent = data.error || "";
    error.hidden = !data.error;
    box.querySelector("[data-download]").hidden = data.status !== "done";
  }
  function poll() {
    if (box.dataset.status === "done" || box.dataset.status === "failed") { return; }
    if (document.querySelector("[data-retry]")) { return; }
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var finished = data.status === "done" || data.status === "failed" || data.can_retry;
        update(data);
        if (finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
