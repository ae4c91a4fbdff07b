/* CCHC Hub's page behaviour (no inline script: the Content-Security-Policy allows only files from 'self').
 *
 * - Dates: every <input type="date"> becomes a text field typed and shown dd/mm/yyyy, whatever the browser's
 *   language, with a small calendar button; the server reads dd/mm/yyyy (DATE_INPUT_FORMATS).
 * - Tables wider than their box scroll inside it, with a visible hint.
 * - data-confirm="…" on a form or a button asks before sending.
 * - data-selection-count: the number of ticked boxes of a group, shown on a button (Đôn đốc, approve a selection).
 * - data-fill-target: a button that puts its text into a textarea (reason templates).
 * - data-live-prefill: the report form follows the communication log until the officer changes a value.
 * - data-hotkeys: keyboard shortcuts of the review queue (j/k next/previous, a approve, r return).
 */
(function () {
  "use strict";

  var MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8",
    "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"];
  var DAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function fromIso(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : text;
  }

  /* "5/11/2020", "05-11-2020", "05.11.20", "05112020" → {d, m, y} or null. */
  function parseVn(text) {
    text = (text || "").trim();
    var m = /^(\d{1,2})[\/.\-\s](\d{1,2})[\/.\-\s](\d{2}|\d{4})$/.exec(text) || /^(\d{2})(\d{2})(\d{4})$/.exec(text);
    var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    var d, mo, y;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; if (y < 100) { y += 2000; } }
    else if (iso) { y = +iso[1]; mo = +iso[2]; d = +iso[3]; }
    else { return null; }
    var date = new Date(y, mo - 1, d);
    if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) { return null; }
    return { d: d, m: mo, y: y };
  }

  function format(p) { return pad(p.d) + "/" + pad(p.m) + "/" + p.y; }

  function closeCalendars(except) {
    document.querySelectorAll(".vn-cal").forEach(function (cal) {
      if (cal !== except) { cal.remove(); }
    });
  }

  function openCalendar(input, wrapper) {
    var existing = wrapper.querySelector(".vn-cal");
    if (existing) { existing.remove(); return; }
    closeCalendars(null);
    var chosen = parseVn(input.value);
    var today = new Date();
    var shown = chosen ? new Date(chosen.y, chosen.m - 1, 1) : new Date(today.getFullYear(), today.getMonth(), 1);
    var cal = document.createElement("div");
    cal.className = "vn-cal";
    cal.setAttribute("role", "dialog");
    cal.setAttribute("aria-label", "Chọn ngày");
    wrapper.appendChild(cal);

    function render() {
      cal.innerHTML = "";
      var head = document.createElement("div");
      head.className = "vn-cal-head";
      var prev = document.createElement("button");
      prev.type = "button"; prev.className = "btn btn-sm btn-outline-secondary"; prev.textContent = "‹";
      prev.setAttribute("aria-label", "Tháng trước");
      var next = document.createElement("button");
      next.type = "button"; next.className = "btn btn-sm btn-outline-secondary"; next.textContent = "›";
      next.setAttribute("aria-label", "Tháng sau");
      var title = document.createElement("strong");
      title.textContent = MONTHS[shown.getMonth()] + " năm " + shown.getFullYear();
      prev.addEventListener("click", function () { shown.setMonth(shown.getMonth() - 1); render(); });
      next.addEventListener("click", function () { shown.setMonth(shown.getMonth() + 1); render(); });
      head.appendChild(prev); head.appendChild(title); head.appendChild(next);
      cal.appendChild(head);
      var grid = document.createElement("div");
      grid.className = "vn-cal-grid";
      DAYS.forEach(function (name) {
        var cell = document.createElement("div"); cell.className = "vn-cal-dow"; cell.textContent = name;
        grid.appendChild(cell);
      });
      var first = (shown.getDay() + 6) % 7; /* Monday first */
      for (var i = 0; i < first; i++) { grid.appendChild(document.createElement("div")); }
      var days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      for (var d = 1; d <= days; d++) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = d;
        var p = { d: d, m: shown.getMonth() + 1, y: shown.getFullYear() };
        b.setAttribute("aria-label", format(p));
        if (chosen && chosen.d === p.d && chosen.m === p.m && chosen.y === p.y) { b.className = "is-selected"; }
        b.addEventListener("click", (function (value) {
          return function () {
            input.value = format(value);
            input.setCustomValidity("");
            input.dispatchEvent(new Event("change", { bubbles: true }));
            cal.remove();
            input.focus();
          };
        })(p));
        grid.appendChild(b);
      }
      cal.appendChild(grid);
    }
    render();
    var firstButton = cal.querySelector(".vn-cal-grid button.is-selected") || cal.querySelector(".vn-cal-grid button");
    if (firstButton) { firstButton.focus(); }
    cal.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { cal.remove(); input.focus(); }
    });
  }

  function upgradeDateInput(input) {
    if (input.dataset.vnDate) { return; }
    input.dataset.vnDate = "1";
    var value = fromIso(input.value);
    input.type = "text";
    input.value = value;
    input.removeAttribute("min");
    input.removeAttribute("max");
    input.setAttribute("placeholder", "dd/mm/yyyy");
    input.setAttribute("inputmode", "numeric");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("maxlength", "10");
    if (!input.getAttribute("title")) { input.setAttribute("title", "Ngày theo dạng ngày/tháng/năm, ví dụ 05/11/2020"); }
    var wrapper = document.createElement("div");
    wrapper.className = "vn-date";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary vn-date-button";
    button.setAttribute("aria-label", "Mở lịch chọn ngày");
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 0a.5.5 0 0 1 .5.5V1h8V.5a.5.5 0 0 1 1 0V1h1a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1V.5a.5.5 0 0 1 .5-.5M1 4v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V4z"/></svg>';
    button.addEventListener("click", function () { openCalendar(input, wrapper); });
    wrapper.appendChild(button);
    input.addEventListener("blur", function () {
      if (!input.value.trim()) { input.setCustomValidity(""); return; }
      var parsed = parseVn(input.value);
      if (parsed) { input.value = format(parsed); input.setCustomValidity(""); input.classList.remove("is-invalid"); }
      else { input.setCustomValidity("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/11/2020."); input.classList.add("is-invalid"); }
    });
  }

  function upgradeTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      if (table.closest(".table-responsive") || table.closest(".vn-cal") || table.dataset.noScroll) { return; }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = document.createElement("div");
        hint.className = "scroll-hint";
        hint.setAttribute("data-testid", "scroll-hint");
        hint.textContent = "Bảng rộng hơn màn hình: vuốt hoặc cuộn ngang để xem hết.";
        box.parentNode.insertBefore(hint, box);
      }
      var wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("is-scrollable", wide);
      hint.classList.toggle("is-visible", wide);
      if (wide && !box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); box.setAttribute("role", "region"); box.setAttribute("aria-label", "Bảng cuộn ngang"); }
    });
  }

  function countSelection(root) {
    root.querySelectorAll("[data-selection-count]").forEach(function (target) {
      var name = target.getAttribute("data-selection-count");
      var boxes = document.querySelectorAll('input[type=checkbox][data-select="' + name + '"]');
      var checked = 0;
      boxes.forEach(function (box) { if (box.checked) { checked += 1; } });
      var all = target.getAttribute("data-total") || boxes.length;
      target.textContent = checked ? checked : all;
      var owner = target.closest("button");
      if (owner) {
        owner.dataset.selected = checked;
        var label = owner.querySelector("[data-label-selected]");
        if (label) { label.textContent = checked ? label.getAttribute("data-label-selected") : label.getAttribute("data-label-all"); }
        if (owner.hasAttribute("data-needs-selection")) { owner.disabled = checked === 0; }
      }
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[data-select-all]")) {
      var name = box.getAttribute("data-select-all");
      document.querySelectorAll('input[type=checkbox][data-select="' + name + '"]').forEach(function (item) {
        item.checked = box.checked;
      });
    }
    if (box.matches && box.matches("input[type=checkbox]")) { countSelection(document); }
  });

  /* Confirmation: a button (or its form) with data-confirm; the text may depend on the selection
     (data-confirm-all when nothing is ticked). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm], a[data-confirm]");
    if (!button) { return; }
    var text = button.getAttribute("data-confirm");
    if (button.hasAttribute("data-confirm-all") && !(+button.dataset.selected)) {
      text = button.getAttribute("data-confirm-all");
    } else if (button.hasAttribute("data-confirm-all")) {
      return; /* a selection: no question */
    }
    if (text && !window.confirm(text)) { event.preventDefault(); event.stopPropagation(); }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fill-target]");
    if (!button) { return; }
    var target = document.getElementById(button.getAttribute("data-fill-target"));
    if (!target) { return; }
    var text = button.getAttribute("data-fill-text") || button.textContent.trim();
    target.value = target.value.trim() ? target.value.trim() + "\n" + text : text;
    target.focus();
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest || event.target.closest(".vn-date")) { return; }
    closeCalendars(null);
  });

  /* Review queue: j / → next, k / ← previous, a approve, r return (not while typing). */
  document.addEventListener("keydown", function (event) {
    var zone = document.querySelector("[data-hotkeys]");
    if (!zone || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) { return; }
    var key = event.key.toLowerCase();
    var target = null;
    if (key === "j" || key === "arrowright") { target = zone.querySelector("[data-hotkey=next]"); }
    else if (key === "k" || key === "arrowleft") { target = zone.querySelector("[data-hotkey=previous]"); }
    else if (key === "a") { target = zone.querySelector("[data-hotkey=approve]"); }
    else if (key === "r") { target = zone.querySelector("[data-hotkey=return]"); }
    if (!target) { return; }
    event.preventDefault();
    if (target.tagName.toLowerCase() === "textarea") { target.focus(); } else { target.click(); }
  });

  /* The report form: a field still showing the log's figure follows the log as activities are attached or
     the page is reloaded; once changed, the log's figure is shown beside it. */
  function livePrefill(root) {
    root.querySelectorAll("input[data-log-value]").forEach(function (input) {
      var note = document.getElementById(input.id + "-log");
      function update() {
        var log = input.getAttribute("data-log-value");
        var same = input.value.trim() === log;
        input.dataset.live = same ? "1" : "0";
        var liveInput = document.getElementById(input.id + "-live");
        if (liveInput) { liveInput.value = same ? "1" : "0"; }
        if (note) { note.classList.toggle("text-warning-emphasis", !same); }
      }
      input.addEventListener("input", update);
      update();
    });
  }

  /* File inputs: the browser's own button and "No file chosen" follow the browser's language (English in an
     English browser); a Vietnamese button and the chosen names are shown instead, the input stays focusable. */
  function upgradeFileInput(input) {
    if (input.dataset.vnFile) { return; }
    input.dataset.vnFile = "1";
    var wrapper = document.createElement("div");
    wrapper.className = "vn-file";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    input.classList.add("vn-file-input");
    var label = document.createElement("label");
    label.className = "btn btn-outline-secondary";
    label.setAttribute("for", input.id);
    label.textContent = input.multiple ? "Chọn tệp…" : "Chọn tệp…";
    var names = document.createElement("span");
    names.className = "vn-file-names small text-muted";
    names.setAttribute("aria-live", "polite");
    names.textContent = "Chưa chọn tệp nào";
    wrapper.appendChild(label);
    wrapper.appendChild(names);
    input.addEventListener("change", function () {
      var list = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
      names.textContent = list.length ? list.join(", ") : "Chưa chọn tệp nào";
    });
  }

  function init(root) {
    root.querySelectorAll('input[type="file"][id]').forEach(upgradeFileInput);
    root.querySelectorAll('input[type="date"]').forEach(upgradeDateInput);
    upgradeTables(root);
    countSelection(root);
    livePrefill(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
  window.addEventListener("resize", function () { upgradeTables(document); });
  window.cchcParseDate = parseVn;
})();
