/* The site header on a phone: the navigation folds behind the "Menu" button.
   Without this script the button stays hidden and the navigation open (progressive enhancement).
   The button says whether the menu is open (aria-expanded); Escape closes it and gives the focus
   back to the button. */
(function () {
  "use strict";
  const header = document.querySelector("[data-site-header]");
  if (!header) return;
  const button = header.querySelector(".nav-toggle");
  const nav = header.querySelector(".site-nav");
  if (!button || !nav) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("is-open", open);
  }

  button.hidden = false;
  header.classList.add("has-nav-toggle");
  setOpen(false);

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("is-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();
