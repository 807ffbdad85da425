// Progressive enhancement only: every page works without this file.
// The permalink field selects its text on focus, ready to copy. (Nothing submits
// on change: WCAG 3.2.2 wants a change of context only on an explicit action.)
// On a decision form, the restriction categories follow the grounds ticked, and the
// chosen category says when its period ends and what review date it gives.
// On the intake form, the medium (asked for copies only) is disabled while 閲覧 is chosen.
// On the 細目録 table, rows move, Enter goes down a column and spreadsheet rows paste.
// On a narrow screen the search filters (open without script) fold under their summary.
(function () {
  "use strict";
  // The filters come before the results; folded on a phone so that the results show,
  // always open on a wide screen, where the summary is hidden (style.css).
  function foldFilters(details) {
    if (!window.matchMedia) return;
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    function follow() { details.open = !narrow.matches; }
    follow();
    if (narrow.addEventListener) narrow.addEventListener("change", follow);
  }
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
  // Rows copied from a spreadsheet: tab between cells, a line per row; a cell that
  // holds a tab, a line break or a quote comes quoted ("…", a quote doubled).
  function parseTsv(text) {
    var out = [], row = [], field = "", quoted = false, atStart = true;
    text = text.replace(/\r\n?/g, "\n");
    if (text.charAt(text.length - 1) === "\n") text = text.slice(0, -1);
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (quoted) {
        if (ch === "\"" && text.charAt(i + 1) === "\"") { field += "\""; i++; }
        else if (ch === "\"") quoted = false;
        else field += ch;
        continue;
      }
      if (ch === "\"" && atStart) { quoted = true; atStart = false; continue; }
      atStart = false;
      if (ch === "\t") { row.push(field); field = ""; atStart = true; }
      else if (ch === "\n") { row.push(field); out.push(row); row = []; field = ""; atStart = true; }
      else field += ch;
    }
    row.push(field);
    out.push(row);
    return out;
  }
  // The 細目録 table (web/staff/item_table.cc), which works without this: Tab moves
  // between cells (the browser's own), Enter to the same column of the next row (a
  // row is added after the last), buttons move a row up or down and add one, and
  // rows pasted from a spreadsheet fill the cells from the one pasted into, to the
  // right and down, overwriting, with rows added as needed. Labels come from the
  // table's data attributes (the message catalogs).
  function itemTable(table) {
    var tbody = table.tBodies[0];
    var headRow = table.tHead.rows[0];
    var columns = [];
    var heads = headRow.querySelectorAll("th[data-col]");
    for (var i = 0; i < heads.length; i++) {
      columns.push({ name: heads[i].getAttribute("data-col"), label: heads[i].textContent });
    }
    var deleteLabel = headRow.cells[headRow.cells.length - 1].textContent;
    var format = table.getAttribute("data-cell-label");
    var upText = table.getAttribute("data-move-up"), downText = table.getAttribute("data-move-down");
    var added = 0;
    function label(what, n) { return format.replace("{column}", what).replace("{n}", String(n)); }
    function rows() { return Array.prototype.slice.call(tbody.rows); }
    function cellOf(row, name) { return row.querySelector("[data-col=\"" + name + "\"]"); }
    function columnIndex(name) {
      for (var c = 0; c < columns.length; c++) if (columns[c].name === name) return c;
      return -1;
    }
    function button(cls, text) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button-secondary " + cls;
      b.textContent = text;
      return b;
    }
    function renumber() {
      rows().forEach(function (row, r) {
        var n = r + 1;
        row.querySelector(".row-number").textContent = String(n);
        columns.forEach(function (c) {
          var el = cellOf(row, c.name);
          if (el) el.setAttribute("aria-label", label(c.label, n));
        });
        var box = row.querySelector("input[name=delete]");
        if (box) box.setAttribute("aria-label", label(deleteLabel, n));
        row.querySelector("button.move-up").setAttribute("aria-label", label(upText, n));
        row.querySelector("button.move-down").setAttribute("aria-label", label(downText, n));
      });
    }
    function addMoveCell(row) {
      var td = document.createElement("td");
      td.className = "cell-move";
      td.appendChild(button("move-up", upText));
      td.appendChild(button("move-down", downText));
      row.appendChild(td);
    }
    // A new empty row after the last, made from the last (values, problems, the
    // item's id and the delete box cleared; ids made unique).
    function addRow() {
      var all = rows();
      var row = all[all.length - 1].cloneNode(true);
      added++;
      var fields = row.querySelectorAll("input, textarea");
      for (var f = 0; f < fields.length; f++) {
        var el = fields[f];
        if (el.type === "checkbox") { el.parentNode.removeChild(el); continue; }
        el.value = "";
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
        if (el.id) el.id = "c-new" + added + "-" + (el.getAttribute("data-col") || "x");
      }
      var notes = row.querySelectorAll(".field-error, .date-parsed");
      for (var k = 0; k < notes.length; k++) notes[k].parentNode.removeChild(notes[k]);
      tbody.appendChild(row);
      renumber();
      return row;
    }
    var th = document.createElement("th");
    th.scope = "col";
    th.textContent = table.getAttribute("data-row-heading");
    headRow.appendChild(th);
    rows().forEach(addMoveCell);
    renumber();
    var add = button("add-row", table.getAttribute("data-add-row"));
    var actions = document.createElement("p");
    actions.appendChild(add);
    table.parentNode.parentNode.insertBefore(actions, table.parentNode.nextSibling);
    add.addEventListener("click", function () {
      var row = addRow();
      cellOf(row, columns[0].name).focus();
    });
    tbody.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button") : null;
      if (!b) return;
      var row = b.closest("tr");
      if (b.classList.contains("move-up") && row.previousElementSibling) {
        tbody.insertBefore(row, row.previousElementSibling);
      } else if (b.classList.contains("move-down") && row.nextElementSibling) {
        tbody.insertBefore(row.nextElementSibling, row);
      } else {
        return;
      }
      renumber();
      b.focus();
    });
    tbody.addEventListener("keydown", function (e) {
      var el = e.target;
      var name = el.getAttribute && el.getAttribute("data-col");
      // Enter while an IME is composing confirms the conversion: left alone.
      if (!name || e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      var row = el.closest("tr");
      var next = row.nextElementSibling || addRow();
      var target = cellOf(next, name);
      target.focus();
      if (target.select) target.select();
    });
    tbody.addEventListener("paste", function (e) {
      var el = e.target;
      var name = el.getAttribute && el.getAttribute("data-col");
      var data = e.clipboardData || window.clipboardData;
      if (!name || !data) return;
      var text = data.getData("text/plain") || data.getData("text");
      if (!/[\t\n\r]/.test(text.replace(/(\r\n|\n|\r)$/, ""))) return;  // one cell: the browser's own paste
      e.preventDefault();
      var grid = parseTsv(text);
      var start = rows().indexOf(el.closest("tr"));
      var col = columnIndex(name);
      for (var r = 0; r < grid.length; r++) {
        var row = rows()[start + r] || addRow();
        for (var c = 0; c < grid[r].length && col + c < columns.length; c++) {
          cellOf(row, columns[col + c].name).value = grid[r][c].trim();
        }
      }
    });
  }
  function mediumFollowsMethod(view, copy, medium) {
    function follow() {
      var inputs = medium.querySelectorAll("input");
      for (var i = 0; i < inputs.length; i++) inputs[i].disabled = view.checked;
    }
    view.addEventListener("change", follow);
    copy.addEventListener("change", follow);
    follow();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var view = document.getElementById("f-method-view");
    var copy = document.getElementById("f-method-copy");
    var medium = document.getElementById("f-medium");
    if (view && copy && medium) mediumFollowsMethod(view, copy, medium);
    var tables = document.querySelectorAll("table.item-table");
    for (var t = 0; t < tables.length; t++) itemTable(tables[t]);
    var dates = document.querySelectorAll("input[data-check]");
    for (var d = 0; d < dates.length; d++) dateField(dates[d]);
    var permalink = document.getElementById("permalink");
    if (permalink) {
      permalink.addEventListener("focus", function () { permalink.select(); });
    }
    var filters = document.querySelector("details.facets-disclosure");
    if (filters) foldFilters(filters);
    var forms = document.querySelectorAll("form.decision-form");
    for (var i = 0; i < forms.length; i++) decisionForm(forms[i]);
  });
})();
