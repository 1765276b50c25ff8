// Adds a "Copy letter" button above each letter, only where the Clipboard API exists.
// Without it (or without JavaScript) people print, download or select the text.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("[data-copy-letter]").forEach(function (letter) {
    var bar = document.createElement("div");
    bar.className = "letter-copy";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary button--small";
    // The blank letter or the filled-in one: the button says which it copies.
    button.textContent = letter.dataset.copyLetter || "Copy letter";
    var status = document.createElement("span");
    status.className = "letter-copy__status";
    status.setAttribute("role", "status");
    bar.appendChild(button);
    bar.appendChild(status);
    letter.parentNode.insertBefore(bar, letter);

    button.addEventListener("click", function () {
      navigator.clipboard.writeText(letter.innerText.trim() + "\n").then(
        function () {
          status.textContent = "Copied. Paste it into an email or a document.";
        },
        function () {
          status.textContent = "Copying did not work. Select the letter and copy it yourself.";
        }
      );
    });
  });
})();
