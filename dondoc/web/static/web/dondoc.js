// dondoc: small progressive enhancements shared by every screen. Plain JavaScript, no
// dependency; every page works without it (the menu opens through #menu:target, dates
// are typed by hand, pickers are plain <select> lists grouped and indented).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Vietnamese without diacritics, lower case: "Sở Nội vụ" -> "so noi vu" (the server's
  // dondoc.lib.text.fold, in JavaScript).
  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function ready(fn) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fn); } else { fn(); }
  }

  // --- The top menu on a phone: the button toggles it (aria-expanded). -------------------
  function setupMenu() {
    var bar = document.querySelector(".topbar");
    var button = bar && bar.querySelector(".menu-button");
    if (!button) { return; }
    function setOpen(open) {
      bar.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(!bar.classList.contains("menu-open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && bar.classList.contains("menu-open")) { setOpen(false); button.focus(); }
    });
  }

  // --- Dates typed dd/mm/yyyy: slashes inserted while typing digits; ISO and eight
  // digits rewritten on leaving the field (the server reads all of them anyway). ----------
  function setupDates() {
    document.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input.date")) { return; }
      if (event.inputType && event.inputType.indexOf("delete") === 0) { return; }
      if (/^\d{2}$/.test(input.value) || /^\d{1,2}\/\d{2}$/.test(input.value)) { input.value += "/"; }
    });
    document.addEventListener("focusout", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input.date")) { return; }
      var value = input.value.trim(), m;
      if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(value))) { input.value = m[1] + "/" + m[2] + "/" + m[3]; }
      else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value))) {
        input.value = ("0" + m[3]).slice(-2) + "/" + ("0" + m[2]).slice(-2) + "/" + m[1];
      }
    });
  }

  // --- Select the whole value on focus (e.g. the calendar address to copy). ----------------
  function setupSelectOnFocus() {
    document.addEventListener("focusin", function (event) {
      if (event.target.matches && event.target.matches("input[data-select-on-focus]")) { event.target.select(); }
    });
  }

  // --- Unit and person pickers: <select data-unit-picker="single|multiple">. --------------
  // Options come grouped (<optgroup>) and indented by depth with non-breaking spaces (the
  // server's dondoc.org.tree). Typing filters them without diacritics; a unit matches when
  // its name or one of its parents' names holds every word typed ("so noi vu" shows Sở
  // Nội vụ and its divisions).
  var INDENT = /^\u00a0+/;
  var counter = 0;

  function readEntries(select) {
    var entries = [], stack = [];
    Array.prototype.forEach.call(select.querySelectorAll("option"), function (option) {
      var raw = option.textContent, indent = (INDENT.exec(raw) || [""])[0].length;
      var depth = Math.floor(indent / 4), name = raw.replace(INDENT, "");
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode : null;
      stack.length = depth;
      var key = fold(stack.join(" ") + " " + name + " " + (group ? group.label : ""));
      stack[depth] = name;
      entries.push({ option: option, group: group, depth: depth, name: name, key: key, empty: option.value === "" });
    });
    return entries;
  }

  function matcher(query) {
    var words = fold(query).split(" ").filter(Boolean);
    return function (entry) {
      return words.every(function (word) { return entry.key.indexOf(word) !== -1; });
    };
  }

  // The words of the select's label, without the text of the controls a label may wrap.
  function labelText(select) {
    var label = select.labels && select.labels[0];
    if (!label) { return ""; }
    var words = "";
    Array.prototype.forEach.call(label.childNodes, function (node) {
      if (node.nodeType === 3) { words += node.textContent; }
    });
    return words.replace(/[:*]/g, "").trim();
  }

  function makeSearch(select, wrapper) {
    var search = document.createElement("input");
    search.type = "search";
    search.className = "picker-search";
    search.id = (select.id || "picker") + "-tim-" + (++counter);
    search.placeholder = "Gõ để tìm (không cần dấu)…";
    search.setAttribute("autocomplete", "off");
    search.setAttribute("aria-label", "Tìm " + (labelText(select) || "đơn vị").toLowerCase());
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); } // typing a name never submits the form
    });
    wrapper.appendChild(search);
    return search;
  }

  // A select naming a <template> in data-options gets its choices from there (a page of
  // many pickers sends the unit list once); the server rendered only the chosen ones.
  function fillShared(select) {
    var id = select.getAttribute("data-options");
    if (!id || select.getAttribute("data-filled")) { return; }
    var source = document.getElementById(id);
    if (!source || !source.content) { return; }
    select.setAttribute("data-filled", "1");
    var chosen = {}, empty = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === "") { empty = option; } else if (option.selected) { chosen[option.value] = true; }
    });
    select.textContent = "";
    if (empty) { select.appendChild(empty); }
    select.appendChild(source.content.cloneNode(true));
    Array.prototype.forEach.call(select.options, function (option) {
      option.selected = !!chosen[option.value] || (option === empty && !Object.keys(chosen).length && !select.multiple);
    });
  }

  function setupSingle(select) {
    fillShared(select);
    var wrapper = document.createElement("div");
    wrapper.className = "picker picker-single";
    select.parentNode.insertBefore(wrapper, select);
    var search = makeSearch(select, wrapper);
    wrapper.appendChild(select);
    var count = document.createElement("span");
    count.className = "picker-count";
    count.setAttribute("aria-live", "polite");
    wrapper.appendChild(count);
    var entries = readEntries(select);
    var groups = [];
    entries.forEach(function (entry) { if (entry.group && groups.indexOf(entry.group) === -1) { groups.push(entry.group); } });

    search.addEventListener("input", function () {
      var query = search.value.trim(), matches = matcher(query), shown = 0, first = null;
      var keep = select.value;
      // Rebuild the list from the kept elements: hiding <option>s is ignored by some phones.
      entries.forEach(function (entry) { entry.option.remove(); });
      groups.forEach(function (group) { group.remove(); });
      entries.forEach(function (entry) {
        var visible = entry.empty || !query || matches(entry) || entry.option.value === keep;
        if (!visible) { return; }
        if (!entry.empty && matches(entry)) { shown += 1; if (!first) { first = entry.option; } }
        if (entry.group) {
          if (!entry.group.parentNode) { select.appendChild(entry.group); }
          entry.group.appendChild(entry.option);
        } else {
          select.appendChild(entry.option);
        }
      });
      if (query && first) { first.selected = true; select.dispatchEvent(new Event("change", { bubbles: true })); }
      else { select.value = keep; }
      count.textContent = query ? (shown ? shown + " kết quả" : "Không tìm thấy") : "";
    });
  }

  function setupMultiple(select) {
    var wrapper = document.createElement("div");
    wrapper.className = "picker picker-multiple";
    select.parentNode.insertBefore(wrapper, select);
    var chosen = document.createElement("ul");
    chosen.className = "picker-chosen";
    chosen.setAttribute("aria-live", "polite");
    wrapper.appendChild(chosen);
    var search = makeSearch(select, wrapper);
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    if (label) { label.htmlFor = search.id; }
    var list = document.createElement("div");
    list.className = "picker-list";
    list.hidden = true;
    list.setAttribute("role", "group");
    wrapper.appendChild(list);
    wrapper.appendChild(select);
    select.hidden = true; // still submitted: the checkboxes below set its options
    var entries = null;

    function renderChosen() {
      chosen.textContent = "";
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        var item = document.createElement("li");
        item.appendChild(document.createTextNode(option.textContent.replace(INDENT, "")));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Bỏ " + option.textContent.replace(INDENT, ""));
        remove.addEventListener("click", function () {
          option.selected = false;
          if (entries) { entries.forEach(function (e) { if (e.option === option) { e.box.checked = false; } }); }
          renderChosen();
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        item.appendChild(remove);
        chosen.appendChild(item);
      });
    }

    // Built on first use: a review page has a picker per task row.
    function build() {
      if (entries) { return; }
      if (select.hasAttribute("data-options") && !select.getAttribute("data-filled")) {
        fillShared(select); // its options are new elements: the chosen list points at them
        renderChosen();
      }
      entries = readEntries(select);
      var lastGroup = null;
      entries.forEach(function (entry) {
        if (entry.group !== lastGroup && entry.group) {
          var heading = document.createElement("div");
          heading.className = "picker-group";
          heading.textContent = entry.group.label;
          entry.heading = heading;
          list.appendChild(heading);
        }
        lastGroup = entry.group;
        var row = document.createElement("label");
        row.setAttribute("data-depth", String(Math.min(entry.depth, 3)));
        var box = document.createElement("input");
        box.type = "checkbox";
        box.checked = entry.option.selected;
        box.addEventListener("change", function () {
          entry.option.selected = box.checked;
          renderChosen();
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        row.appendChild(box);
        row.appendChild(document.createTextNode(entry.name));
        entry.box = box;
        entry.row = row;
        list.appendChild(row);
      });
    }

    function filter() {
      var query = search.value.trim(), matches = matcher(query);
      var headings = [];
      entries.forEach(function (entry) {
        var visible = !query || matches(entry);
        entry.row.hidden = !visible;
        if (entry.heading) { headings.push(entry.heading); }
      });
      // A group heading shows when one of its units does.
      var current = null, any = false;
      entries.forEach(function (entry) {
        if (entry.heading) {
          if (current) { current.hidden = !any; }
          current = entry.heading; any = false;
        }
        if (!entry.row.hidden) { any = true; }
      });
      if (current) { current.hidden = !any; }
    }

    function open() { build(); filter(); list.hidden = false; }
    search.addEventListener("focus", open);
    search.addEventListener("input", open);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; }
    });
    wrapper.addEventListener("focusout", function () {
      window.setTimeout(function () {
        if (!wrapper.contains(document.activeElement)) { list.hidden = true; }
      }, 0);
    });
    renderChosen();
  }

  function setupPickers(root) {
    // Plain selects of a shared list (a review row's leader) are filled at once.
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-options]:not([data-unit-picker])"), fillShared);
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-unit-picker]"), function (select) {
      if (select.getAttribute("data-picker-ready")) { return; }
      select.setAttribute("data-picker-ready", "1");
      if (select.multiple) { setupMultiple(select); } else { setupSingle(select); }
    });
  }

  // --- A long filter form starts folded on a phone when no filter is in use. --------------
  function setupFilterBoxes() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 700px)").matches) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-phone-collapse][data-idle]"), function (box) {
      box.open = false;
    });
  }

  ready(function () {
    setupFilterBoxes();
    setupMenu();
    setupDates();
    setupSelectOnFocus();
    setupPickers(document);
  });
  window.dondoc = { fold: fold, setupPickers: setupPickers, fillShared: fillShared };
})();
