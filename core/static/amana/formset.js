// Progressive enhancement: "Add another" adds a row in place instead of reloading the
// page. Without JavaScript the same buttons post the form back with one more row.
// Submit buttons are disabled after the first click (the server dedupes anyway).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-add]");
  if (!button) return;
  var prefix = button.getAttribute("data-add");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var container = document.querySelector('[data-formset="' + prefix + '"]');
  if (!total || !template || !container) return;
  event.preventDefault();
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, String(index));
  container.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var rows = container.querySelectorAll("[data-form-row]");
  var first = rows[rows.length - 1].querySelector("input, select, textarea");
  if (first) first.focus();
});
document.addEventListener("submit", function (event) {
  var submitter = event.submitter;
  if (submitter && !submitter.hasAttribute("data-add")) {
    setTimeout(function () { submitter.disabled = true; }, 0);
  }
});
