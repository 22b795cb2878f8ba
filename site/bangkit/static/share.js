// Copy buttons for links and ready-made texts. Without JavaScript the buttons stay hidden and
// the text can still be selected by hand.
(function () {
  "use strict";
  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.select(); // plain http: the old way, which needs the text selected
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    button.after(status);
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(function () {
        status.textContent = " " + button.getAttribute("data-done");
      }, function () {
        field.select(); // the reader can still copy the selected text by hand
      });
    });
  });
})();
