// Keyboard shortcuts on the rapporteurs' review screen. Every action is also a plain form
// button, so the page works without this script.
(function () {
  "use strict";
  function passages() { return Array.prototype.slice.call(document.querySelectorAll("[data-passage]")); }
  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-passage]") : null;
  }
  function move(step) {
    var all = passages();
    var index = all.indexOf(current());
    var next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    if (next) { next.focus(); next.scrollIntoView({block: "nearest"}); }
  }
  function decide(decision) {
    var passage = current();
    if (!passage) { return; }
    var button = passage.querySelector(".tag--suggested [data-decision='" + decision + "']");
    if (button) {
      var id = passage.id;
      button.click();
      // htmx replaces the passage; keep the focus on it for the next key.
      document.body.addEventListener("htmx:afterSwap", function refocus() {
        document.body.removeEventListener("htmx:afterSwap", refocus);
        var again = document.getElementById(id);
        if (again) { again.focus(); }
      });
    }
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) { return; }
    if (event.key === "j") { move(1); }
    else if (event.key === "k") { move(-1); }
    else if (event.key === "c") { decide("confirm"); }
    else if (event.key === "x") { decide("reject"); }
    else { return; }
    event.preventDefault();
  });
})();
