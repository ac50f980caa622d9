/* Print the badge as soon as its QR image has loaded; the button prints again. */
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
  var img = document.querySelector(".badge img");
  function go() { if (!/[?&]noprint=1/.test(location.search)) window.print(); }
  if (img && !img.complete) img.addEventListener("load", go, {once: true}); else go();
})();
