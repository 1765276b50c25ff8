// Suggests existing tags while an editor types in the comma-separated tags field.
// Progressive enhancement: without it the field is a plain text input.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("id_tags");
    if (!input || !window.fetch) return;
    var list = document.createElement("datalist");
    list.id = "tag-suggestions";
    document.body.appendChild(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    var url = input.form.action.split("?")[0].replace(/\/(add|\d+\/change)\/?$/, "/") + "tag-suggestions/";
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var parts = input.value.split(",");
        var typed = parts.pop().trim();
        var before = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        if (!typed) { list.textContent = ""; return; }
        fetch(url + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.tags.forEach(function (name) {
              if (before.indexOf(name) !== -1) return;
              var option = document.createElement("option");
              option.value = before.concat([name]).join(", ");
              list.appendChild(option);
            });
          });
      }, 150);
    });
  });
})();
