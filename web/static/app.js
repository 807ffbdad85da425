// Progressive enhancement only: every page works without this file.
// The permalink field selects its text on focus, ready to copy. (Nothing submits
// on change: WCAG 3.2.2 wants a change of context only on an explicit action.)
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var permalink = document.getElementById("permalink");
    if (permalink) {
      permalink.addEventListener("focus", function () { permalink.select(); });
    }
  });
})();
