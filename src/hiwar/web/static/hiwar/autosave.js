// Autosave for the section editor: progressive enhancement of a plain form.
// - Saves 1.5 s after the last keystroke (a new revision each time the text changed).
// - Keeps every keystroke in localStorage, so a reload or a lost connection loses nothing;
//   on load, text left unsaved is put back and saved again.
// - A conflict (someone else saved) is never overwritten: the Save button shows both texts.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form || !window.fetch) { return; }
  var text = form.querySelector("textarea[name=text]");
  var language = form.querySelector("select[name=language]");
  var base = form.querySelector("input[name=base_revision]");
  var status = document.getElementById("autosave-status");
  var key = form.dataset.storageKey;
  var timer = null;
  var saving = false;

  function remember() {
    try {
      localStorage.setItem(key, JSON.stringify({ text: text.value, language: language.value, base: base.value }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) {} }

  function save() {
    if (saving) { timer = setTimeout(save, 500); return; }
    saving = true;
    var body = new FormData(form);
    body.set("action", "autosave");
    fetch(form.dataset.autosaveUrl, { method: "POST", body: body, credentials: "same-origin",
                                      headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.text().then(function (html) {
          status.innerHTML = html;
          var saved = status.querySelector("[data-revision]");
          if (response.ok && saved) {
            base.value = saved.getAttribute("data-revision");
            forget();
          }
        });
      })
      .catch(function () {
        status.textContent = status.dataset.offline || "Offline: your text is kept in this browser and will be saved when the connection returns.";
        timer = setTimeout(save, 5000);
      })
      .finally(function () { saving = false; });
  }

  function changed() {
    remember();
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && stored.text !== text.value && stored.base === base.value) {
    // Unsaved text from an earlier visit (reload, closed tab, lost connection): put it back.
    text.value = stored.text;
    language.value = stored.language;
    save();
  } else if (stored && stored.base !== base.value) {
    forget(); // the server has moved on; the stored text was saved before
  }
  text.addEventListener("input", changed);
  language.addEventListener("change", changed);
  window.addEventListener("online", function () { if (localStorage.getItem(key)) { save(); } });
})();
