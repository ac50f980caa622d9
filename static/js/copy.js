// Copy buttons on the bank-transfer page: copy the value beside the button and say so.
(function () {
  "use strict";
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = button.parentElement.querySelector("[data-copy-value]");
      if (!source) return;
      var text = source.textContent.trim();
      var done = function () {
        if (status) status.textContent = status.dataset.copied + ": " + text;
        button.classList.add("copy-button--done");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else {
        fallback(text);
        done();
      }
    });
  });
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the value stays visible to copy by hand */ }
    document.body.removeChild(area);
  }
})();
