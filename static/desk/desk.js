/* The editors' desk: keyboard shortcuts for saving, and text fields that follow the direction
   of the language chosen beside them (Arabic and Persian right to left). */
(function () {
  "use strict";
  var RTL = ["ar", "fa", "he", "ur", "ps", "ku", "yi", "dv", "syr"];

  function click(name) {
    var button = document.querySelector('input[type=submit][name="' + name + '"]');
    if (button) { button.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey)) { return; }
    if (event.key === "s" || event.key === "S") {
      if (click("_continue") || click("_save")) { event.preventDefault(); }
    } else if (event.key === "Enter") {
      if (click("_save")) { event.preventDefault(); }
    }
  });

  function direction(language) {
    return RTL.indexOf((language || "").split("-")[0].toLowerCase()) >= 0 ? "rtl" : "auto";
  }

  function follow(select) {
    var row = select.closest(".inline-related, fieldset, tr, form");
    if (!row) { return; }
    var dir = direction(select.value);
    row.querySelectorAll('textarea, input[type=text]').forEach(function (field) {
      if (/(^|-)(text|full_text|title|name_as_written|name)$/.test(field.name) && field.getAttribute("lang") !== "en") {
        field.setAttribute("dir", dir);
      }
    });
  }

  function setUp(root) {
    root.querySelectorAll("textarea:not([dir]), input[type=text]:not([dir])").forEach(function (field) {
      field.setAttribute("dir", "auto");
    });
    root.querySelectorAll('select[name$="language"]').forEach(follow);
    var save = root.querySelector('input[name="_save"]');
    if (save && !save.hasAttribute("accesskey")) { save.setAttribute("accesskey", "s"); }
    var more = root.querySelector('input[name="_continue"]');
    if (more && !more.hasAttribute("accesskey")) { more.setAttribute("accesskey", "c"); }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('select[name$="language"]')) { follow(event.target); }
  });
  document.addEventListener("formset:added", function (event) { setUp(event.target); });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
})();
