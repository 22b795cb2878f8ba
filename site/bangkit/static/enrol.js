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
  // With htmx, an answer that is not the form's own (nginx's 502 while the service restarts, an
  // error page) is not swapped in place of the form or a field, and no answer at all (no
  // connection, a timeout) is not silent: what the reader typed stays, and they are told.
  // The form's own answers hold the element they replace (#enrol, or the field's box).
  function unsent(kind) {
    var note = document.getElementById("enrol-unsent");
    if (!note) return;
    note.hidden = !kind;
    note.textContent = kind ? note.getAttribute("data-" + kind) : "";
  }
  function fromTheForm(event) {
    var ctx = event.detail && event.detail.ctx;
    return ctx && ctx.sourceElement && ctx.sourceElement.id === "enrol-form" ? ctx : null;
  }
  document.addEventListener("htmx:before:request", function (event) {
    if (fromTheForm(event)) unsent(null);
  });
  document.addEventListener("htmx:after:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    var target = ctx && ctx.target;
    if (!target || !target.id || !target.closest("#enrol")) return;
    if ((ctx.text || "").indexOf('id="' + target.id + '"') !== -1) return;
    event.preventDefault(); // not swapped
    if (fromTheForm(event)) unsent("unavailable");
  });
  document.addEventListener("htmx:error", function (event) {
    if (fromTheForm(event)) unsent("unreachable");
  });

  // Coming back with the Back button shows the page as it was: let it be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
    });
  });
})();
