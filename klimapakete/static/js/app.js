// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Copy buttons for invitation links.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input || !navigator.clipboard) return;
    navigator.clipboard.writeText(input.value).then(function () {
      var done = button.getAttribute("data-copied") || "OK";
      var status = document.getElementById(button.getAttribute("data-copy") + "-status");
      if (status) status.textContent = done;
    });
  });
  // Confirmation for destructive buttons marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
