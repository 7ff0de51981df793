// dondoc intake screens: progress polling, review highlights, split at the caret.
// Plain JavaScript, no dependency; every feature also works (more plainly) without it.
(function () {
  "use strict";

  // --- Progress of a document being read: poll its JSON status, reload when done. ---
  var panel = document.querySelector("[data-status-url]");
  if (panel) {
    var url = panel.getAttribute("data-status-url");
    var bar = panel.querySelector("[data-progress]");
    var text = panel.querySelector("[data-progress-text]");
    var poll = function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (bar) { bar.value = data.progress; }
          if (text) { text.textContent = data.progress + "%"; }
          if (!data.working) { window.location.reload(); return; }
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1500);
  }

  // --- Confirmations. ---
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  var review = document.getElementById("review-form");
  if (!review) { return; }

  var flash = function (element) {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  };
  var show = function (element) {
    element.scrollIntoView({ behavior: "smooth", block: "center" });
    flash(element);
  };

  // A highlighted span in the source -> its task row; the row's link -> back to the span.
  review.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.span");
    if (mark) {
      var row = document.getElementById("task-" + mark.getAttribute("data-row"));
      if (row) { show(row); return; }
      // A task on another page of the review: save this page and open that one.
      var go = document.getElementById("goto-row");
      if (go) { go.value = "goto:" + mark.getAttribute("data-row"); go.click(); }
      return;
    }
    var link = event.target.closest("a.to-source");
    if (link) {
      var span = document.getElementById("span-" + link.getAttribute("data-row"));
      if (span) { event.preventDefault(); show(span); }
    }
  });

  // Hovering a task row shows its span.
  review.addEventListener("focusin", function (event) {
    var row = event.target.closest(".task-row");
    document.querySelectorAll("mark.span.active").forEach(function (m) { m.classList.remove("active"); });
    if (row) {
      var span = document.getElementById("span-" + row.getAttribute("data-row"));
      if (span) { span.classList.add("active"); }
    }
  });

  // "Bỏ" greys out the row at once.
  review.addEventListener("change", function (event) {
    if (event.target.name && /-drop$/.test(event.target.name)) {
      var row = event.target.closest(".task-row");
      row.classList.toggle("dropped", event.target.checked);
      var span = document.getElementById("span-" + row.getAttribute("data-row"));
      if (span) { span.classList.toggle("dropped", event.target.checked); }
    }
  });

  // "Tách": split where the caret was in the content (inserts a "---" line there);
  // without a caret inside the text the server duplicates the row instead.
  var carets = {};
  review.addEventListener("keyup", remember);
  review.addEventListener("mouseup", remember);
  function remember(event) {
    var area = event.target;
    if (area.tagName === "TEXTAREA" && /-text$/.test(area.name)) {
      carets[area.name] = area.selectionStart;
    }
  }
  review.addEventListener("click", function (event) {
    var button = event.target.closest("button.split");
    if (!button) { return; }
    var row = button.closest(".task-row");
    var area = row && row.querySelector("textarea[name$='-text']");
    if (!area || /^\s*-{3,}\s*$/m.test(area.value)) { return; }
    var at = carets[area.name];
    if (at === undefined || at <= 0 || at >= area.value.length) { return; }
    var before = area.value.slice(0, at).replace(/\s+$/, "");
    var after = area.value.slice(at).replace(/^\s+/, "");
    if (before && after) { area.value = before + "\n---\n" + after; }
  });
})();
