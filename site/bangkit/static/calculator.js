/* The JKP benefit calculator in the static copy, which has no server to ask. It reads wages
   and applies the rule exactly as site/bangkit/jkp/benefit.py does; the page gives it the rule's
   numbers (from content/rules/jkp-numbers.yaml) and the messages, as data-* on the form.
   Without JavaScript the table of examples stands in for it, so the form stays hidden. */
(function () {
  "use strict";
  var form = document.getElementById("calc");
  if (!form || !form.dataset) return;
  var d = form.dataset;
  var UNITS = { juta: 1e6, jt: 1e6, ribu: 1e3, rb: 1e3 };
  var WAGE = /^([-\u2212])?\s*(?:rp\.?|idr)?\s*([-\u2212])?\s*([0-9][0-9.,\s]*?)\s*(juta|jt|ribu|rb)?\s*(?:,-|\.-)?$/;
  var FORMS = [
    [/^[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$/, ".", ","],
    [/^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/, ",", "."],
    [/^[0-9]+(,[0-9]+)?$/, "", ","],
    [/^[0-9]+(\.[0-9]+)?$/, "", "."]
  ];
  var input = document.getElementById("wage");
  var error = document.getElementById("wage-error");
  var box = form.parentNode.querySelector(".benefit");

  function parse(text) {
    var s = text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    if (!s) return { error: "empty" };
    var m = WAGE.exec(s);
    if (!m) return { error: "unreadable" };
    var n = m[3].replace(/\s/g, "");
    var form = null;
    for (var i = 0; i < FORMS.length && !form; i++) if (FORMS[i][0].test(n)) form = FORMS[i];
    if (!form) return { error: "unreadable" };
    if (form[1]) n = n.split(form[1]).join("");
    var value = Number(n.replace(form[2], ".")) * (UNITS[m[4]] || 1);
    if (m[1] || m[2]) return { error: value === 0 ? "zero" : "negative" };
    if (value === 0) return { error: "zero" };
    if (value < Number(d.smallest)) return { error: "too-small" };
    if (value > Number(d.largest)) return { error: "too-large" };
    return { wage: value };
  }

  function rupiah(n) {
    return "Rp" + new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 }).format(n);
  }

  function slot(name, text) {
    box.querySelector('[data-slot="' + name + '"]').textContent = text;
  }

  function show() {
    var read = parse(input.value);
    var wrong = Boolean(read.error);
    error.hidden = !wrong;
    box.hidden = wrong;
    if (wrong) {
      error.lastChild.textContent = d["msg" + read.error.replace(/(^|-)(.)/g, function (_, __, c) {
        return c.toUpperCase();
      })];
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "wage-hint wage-error");
      return;
    }
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", "wage-hint");
    var cap = Number(d.cap);
    var monthly = Math.round(Math.min(read.wage, cap) * Number(d.rate));
    slot("wage", rupiah(read.wage));
    slot("monthly", rupiah(monthly));
    slot("total", rupiah(monthly * Number(d.months)));
    box.querySelector('[data-slot="cap"]').hidden = !(read.wage > cap);
  }

  form.hidden = false;
  var tableOnly = document.getElementById("calc-table-only");
  if (tableOnly) tableOnly.hidden = true;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
  });
  var shared = new RegExp("[?&]" + input.name + "=([^&]*)").exec(window.location.search);
  if (shared) {
    input.value = decodeURIComponent(shared[1].replace(/\+/g, " "));
    show();
  }
})();
