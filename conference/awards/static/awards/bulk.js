// The secretariat's bulk status menu offers only the statuses that every selected nomination may
// become (the server's status machine, read from the page's json_script data).
(function () {
  "use strict";
  var data = document.getElementById("bulk-transitions");
  var select = document.getElementById("bulk-to");
  if (!data || !select) {
    return;
  }
  var transitions = JSON.parse(data.textContent);
  var button = document.getElementById("bulk-submit");
  var help = document.getElementById("bulk-help");
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll('input[type="checkbox"][form="bulk"][name="selected"]'));

  function update() {
    var chosen = boxes.filter(function (box) { return box.checked; });
    var allowed = null;
    chosen.forEach(function (box) {
      var targets = transitions[box.dataset.status] || [];
      allowed = allowed === null ? targets.slice() : allowed.filter(function (t) {
        return targets.indexOf(t) !== -1;
      });
    });
    var any = false;
    Array.prototype.forEach.call(select.options, function (option) {
      var ok = allowed === null || allowed.indexOf(option.value) !== -1;
      option.hidden = !ok;
      option.disabled = !ok;
      any = any || ok;
    });
    if (select.selectedOptions.length && select.selectedOptions[0].disabled) {
      var first = Array.prototype.find.call(select.options, function (o) { return !o.disabled; });
      if (first) {
        select.value = first.value;
      }
    }
    var stuck = chosen.length > 0 && !any;
    button.disabled = chosen.length === 0 || stuck;
    select.disabled = stuck;
    help.hidden = !stuck;
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
}());
