// Progressive enhancement only: every page works without this file.
// The permalink field selects its text on focus, ready to copy. (Nothing submits
// on change: WCAG 3.2.2 wants a change of context only on an explicit action.)
// On a decision form, the restriction categories follow the grounds ticked, and the
// chosen category says when its period ends and what review date it gives.
(function () {
  "use strict";
  function decisionForm(form) {
    var select = form.querySelector("select.review-category");
    if (!select) return;
    var note = form.querySelector(".category-note");
    var boxes = form.querySelectorAll("input[name=grounds]");
    function ticked() {
      var out = {};
      var any = false;
      for (var i = 0; i < boxes.length; i++) {
        if (boxes[i].checked) { out[boxes[i].value] = true; any = true; }
      }
      return any ? out : null;
    }
    function follow() {
      var grounds = ticked();
      for (var i = 0; i < select.options.length; i++) {
        var o = select.options[i];
        var g = o.getAttribute("data-ground");
        if (!g) continue;
        var off = grounds !== null && !grounds[g];
        o.hidden = off;
        o.disabled = off;
        if (off && o.selected) select.value = "";
      }
      var chosen = select.options[select.selectedIndex];
      if (note) note.textContent = chosen && chosen.getAttribute("data-note") ? chosen.getAttribute("data-note") : "";
    }
    for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener("change", follow);
    select.addEventListener("change", follow);
    follow();
  }
  // On the record editor, the date as typed is read by the server's date parser (the
  // importer's) and its interval, or the parser's message, is shown beside the field.
  function dateField(input) {
    var out = document.getElementById(input.getAttribute("data-parsed"));
    var normal = document.getElementById(input.getAttribute("data-normal"));
    var timer = null;
    function ask() {
      var url = input.getAttribute("data-check") + "?text=" + encodeURIComponent(input.value) +
        "&normal=" + encodeURIComponent(normal ? normal.value : "");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
        out.textContent = j.text || "";
        out.className = j.ok ? "hint date-parsed" : "field-error date-parsed";
      }).catch(function () {});
    }
    function later() { clearTimeout(timer); timer = setTimeout(ask, 200); }
    input.addEventListener("input", later);
    if (normal) normal.addEventListener("input", later);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var dates = document.querySelectorAll("input[data-check]");
    for (var d = 0; d < dates.length; d++) dateField(dates[d]);
    var permalink = document.getElementById("permalink");
    if (permalink) {
      permalink.addEventListener("focus", function () { permalink.select(); });
    }
    var forms = document.querySelectorAll("form.decision-form");
    for (var i = 0; i < forms.length; i++) decisionForm(forms[i]);
  });
})();
