// The seating screen: filter the people list as one types (accents optional), without a reload.
(function () {
  "use strict";
  var input = document.querySelector("[data-people-filter]");
  var list = document.querySelector("[data-people]");
  if (!input || !list) return;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  input.addEventListener("input", function () {
    var terms = fold(input.value).split(/\s+/).filter(Boolean);
    list.querySelectorAll("li[data-search]").forEach(function (item) {
      var text = item.dataset.search;
      item.hidden = !terms.every(function (t) { return text.indexOf(t) !== -1; });
    });
  });
  // Enter in the search box filters here rather than reloading the page.
  input.form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
