// The enrolment form's own few lines: htmx does the rest where it is loaded.
(function () {
  "use strict";

  // A referral code from a union's link (?ref=CODE) goes into the form. The live site does this
  // on the server; a static copy cannot, so this copies it (without JavaScript it is not kept).
  var code = new URLSearchParams(window.location.search).get("ref");
  if (code && /^[a-z0-9-]{1,40}$/.test(code)) {
    document.querySelectorAll("input[name=ref]").forEach(function (input) {
      if (!input.value) input.value = code;
    });
  }

  // A plain form (no htmx, e.g. a static copy posting to the service) is sent once: a second
  // click while the first is on its way does nothing. htmx forms use data-hx-sync instead.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-hx-post")) return;
    if (form.dataset.sent) event.preventDefault();
    form.dataset.sent = "yes";
  });
  // Coming back with the Back button shows the page as it was: let it be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
    });
  });
})();
