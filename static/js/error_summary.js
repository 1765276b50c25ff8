// A form sent back with mistakes: start at the list of them, for keyboard and screen
// reader users as for everyone (without JavaScript the list is simply first).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) {
    summary.focus();
  }
})();
