// Live remaining-dots counter for the ballot; the form works without it.
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var form = event.target.closest("form.ballot");
    if (!form) return;
    var total = parseInt(form.getAttribute("data-dots"), 10);
    var used = 0;
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (n > 0) used += n;
    });
    var left = total - used;
    var counter = form.querySelector(".remaining");
    counter.querySelector(".left").textContent = left;
    counter.classList.toggle("error", left < 0);
  });
})();
