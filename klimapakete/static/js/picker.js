// Search pickers (core/pickers.py): the listbox htmx fills becomes selectable by arrow
// keys, Enter and click; the choice goes into the hidden field. Without this script the
// field is a plain search that the server resolves on submit.
(function () {
  "use strict";
  function parts(el) {
    var box = el.closest("[data-picker]");
    if (!box) return null;
    return {
      box: box,
      input: box.querySelector("[role=combobox]"),
      value: box.querySelector("[data-picker-value]"),
      list: box.querySelector("[role=listbox]"),
    };
  }
  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }
  function close(p) {
    p.list.innerHTML = "";
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }
  function choose(p, option) {
    p.value.value = option.getAttribute("data-value");
    p.input.value = option.textContent;
    close(p);
  }
  function activate(p, index) {
    var all = options(p);
    if (!all.length) return;
    index = (index + all.length) % all.length;
    all.forEach(function (o, i) {
      o.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    p.input.setAttribute("aria-activedescendant", all[index].id);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts(event.target);
    if (p && event.target === p.list) {
      p.input.setAttribute("aria-expanded", options(p).length ? "true" : "false");
    }
  });
  document.addEventListener("input", function (event) {
    var p = parts(event.target);
    if (p && event.target === p.input) p.value.value = ""; // typed text counts until a choice
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-picker] [role=option]");
    if (option) choose(parts(option), option);
  });
  document.addEventListener("keydown", function (event) {
    var p = parts(event.target);
    if (!p || event.target !== p.input) return;
    var all = options(p);
    var current = all.findIndex(function (o) {
      return o.getAttribute("aria-selected") === "true";
    });
    if (event.key === "ArrowDown") {
      activate(p, current + 1);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      activate(p, current - 1);
      event.preventDefault();
    } else if (event.key === "Enter" && current >= 0) {
      choose(p, all[current]);
      event.preventDefault();
    } else if (event.key === "Escape") {
      close(p);
    }
  });
})();
