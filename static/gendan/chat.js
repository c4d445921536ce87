/* Message templates: clicking a placeholder chip writes it where the cursor was. */
(function () {
  "use strict";
  var last = null;
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-placeholder-target]")) last = event.target;
  });
  document.addEventListener("click", function (event) {
    var chip = event.target.closest("[data-insert]");
    if (!chip) return;
    event.preventDefault();
    var field = last || document.querySelector("textarea[data-placeholder-target]");
    if (!field) return;
    var text = chip.dataset.insert;
    var start = typeof field.selectionStart === "number" ? field.selectionStart : field.value.length;
    var end = field.selectionEnd || start;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    field.focus();
    field.selectionStart = field.selectionEnd = start + text.length;
  });
})();
