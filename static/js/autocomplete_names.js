// Select2's box and the textbox in it are named only by the chosen record's text, which an empty box lacks:
// name them by the field's label too (kpu_coop.admin_choices.ListedAutocompleteSelect), or in a tabular
// inline's row by its column's header. Select2 searches every record, so the box for typing a name that a
// long select has without JavaScript (kpu_coop.admin_typed_names) goes.
"use strict";
django.jQuery(function () {
  document.querySelectorAll(".typed-name").forEach((box) => box.remove());

  function labelOf(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    const cell = select.closest("td");
    const column = cell && Array.from(cell.classList).find((name) => name.startsWith("field-"));
    return label || (column && cell.closest("table").querySelector("th.column-" + column.slice(6)));
  }

  function name(root) {
    root.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      const label = labelOf(select);
      const shown = document.getElementById("select2-" + select.id + "-container");
      if (label && shown) {
        label.id = label.id || select.id + "-label";
        shown.setAttribute("aria-labelledby", label.id);
        shown.closest("[role=combobox]").setAttribute("aria-labelledby", label.id + " " + shown.id);
      }
    });
  }

  name(document);
  // A row added with "add another" gets its select2 box as it is added (admin/js/autocomplete.js).
  document.addEventListener("formset:added", (event) => name(event.target));
});
