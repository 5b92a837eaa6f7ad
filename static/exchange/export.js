// The admin export page's "Select all" (templates/admin/import_export/export.html), from a file: the
// Content-Security-Policy runs no inline handler. It ticks or clears every column's box, and follows them:
// ticked when all are, cleared when one is not.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) {
    return;
  }
  const boxes = () => document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]:not(#select-all-toggle)');
  toggle.addEventListener("change", () => {
    boxes().forEach((box) => {
      box.checked = toggle.checked;
    });
  });
  toggle.form.addEventListener("change", (event) => {
    if (event.target !== toggle && event.target.closest(".selectable-field-export-row")) {
      toggle.checked = Array.from(boxes()).every((box) => box.checked);
    }
  });
});
