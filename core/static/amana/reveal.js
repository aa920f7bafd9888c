// Progressive disclosure: a fieldset marked data-reveal-name / data-reveal-value shows
// only while that choice is made (e.g. the trafficking questions when "Trafficking in
// persons" is chosen). Without JavaScript it is always shown, and it is never hidden
// once something in it is answered, so nothing typed disappears.
(function () {
  "use strict";
  function answered(box) {
    return Array.prototype.some.call(box.querySelectorAll("input, select, textarea"), function (el) {
      if (el.type === "checkbox") { return el.checked; }
      if (el.type === "radio") { return el.checked && el.value !== "unknown"; }
      if (el.tagName === "SELECT") { return el.value !== "" && el.value !== "ZZZ"; }
      return el.value.trim() !== "";
    });
  }
  document.querySelectorAll("[data-reveal-name]").forEach(function (box) {
    var form = box.closest("form");
    var control = form && form.elements.namedItem(box.getAttribute("data-reveal-name"));
    if (!control) { return; }
    var wanted = box.getAttribute("data-reveal-value");
    function update() {
      box.hidden = control.value !== wanted && !answered(box);
    }
    control.addEventListener("change", update);
    update();
  });
}());
