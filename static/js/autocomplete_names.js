// Select2's box and the textbox in it are named only by the chosen record's text, which an empty box lacks:
// name them by the field's label too (kpu_coop.admin_choices.ListedAutocompleteSelect).
"use strict";
django.jQuery(function () {
  document.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    const shown = document.getElementById("select2-" + select.id + "-container");
    if (label && shown) {
      label.id = label.id || select.id + "-label";
      shown.setAttribute("aria-labelledby", label.id);
      shown.closest("[role=combobox]").setAttribute("aria-labelledby", label.id + " " + shown.id);
    }
  });
});
