// Progress of a certificate batch: polls its status until it is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box) { return; }
  function set(selector, value) {
    var node = box.querySelector(selector);
    if (node) { node.textContent = value; }
  }
  function update(data) {
    box.dataset.status = data.status;
    set("[data-status-label]", data.status_label);
    set("[data-done]", data.done);
    set("[data-total]", data.total);
    set("[data-issued]", data.issued);
    box.querySelector("progress").value = data.percent;
    var error = box.querySelector("[data-error]");
    error.textContent = data.error || "";
    error.hidden = !data.error;
    box.querySelector("[data-download]").hidden = !data.download_url;
  }
  function poll() {
    if (box.dataset.status === "done" || box.dataset.status === "failed") { return; }
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        update(data);
        if (data.status !== "done" && data.status !== "failed") { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
