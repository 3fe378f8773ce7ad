// Length guides of the Kompass editor: a meter under each text that fills as it grows.
(function () {
  "use strict";
  function update(meter) {
    var field = document.getElementById(meter.getAttribute("data-guide-for"));
    if (!field) return;
    var guide = parseInt(meter.getAttribute("data-guide"), 10) || 1;
    var n = field.value.length;
    var fill = meter.querySelector(".guide-fill");
    var text = meter.querySelector(".guide-text");
    var step = Math.min(100, Math.round((n / guide) * 10) * 10);
    fill.className = "guide-fill w-" + step;
    var over = n > guide;
    meter.classList.toggle("is-over", over);
    var template = text.getAttribute(over ? "data-over" : "data-fits");
    text.textContent = template.replace("{n}", n).replace("{guide}", guide);
  }
  function all() {
    document.querySelectorAll(".guide-meter").forEach(update);
  }
  document.addEventListener("input", function (event) {
    var id = event.target && event.target.id;
    if (!id) return;
    document.querySelectorAll('.guide-meter[data-guide-for="' + id + '"]').forEach(update);
  });
  document.addEventListener("DOMContentLoaded", all);
})();
