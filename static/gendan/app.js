/* Gendan page behaviour: confirmations, searchable selects, order lines. No build step. */
(function () {
  "use strict";

  // Ask before a destructive action: <form data-confirm="..."> or <button data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var message = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  // Selects that load their options from the server as the user types.
  function initSelects(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-lookup]:not(.tomselected)").forEach(function (select) {
      new TomSelect(select, {
        valueField: "id", labelField: "text", searchField: ["text"],
        preload: "focus", loadThrottle: 250, maxOptions: 50,
        load: function (query, callback) {
          var url = select.dataset.lookup + (select.dataset.lookup.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
          fetch(url, { headers: { "Accept": "application/json" } })
            .then(function (r) { return r.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
        onChange: function () { select.dispatchEvent(new Event("change", { bubbles: true })); },
      });
    });
    root.querySelectorAll("select[data-enhance]:not(.tomselected)").forEach(function (select) {
      new TomSelect(select, { plugins: select.multiple ? ["remove_button"] : [], maxOptions: 500 });
    });
  }

  // Formsets: add a row from the empty-form template, remove by ticking DELETE and hiding.
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add]");
    if (add) {
      event.preventDefault();
      var prefix = add.dataset.formsetAdd;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var template = document.getElementById(prefix + "-empty");
      var body = document.getElementById(prefix + "-rows");
      var html = template.innerHTML.replace(/__prefix__/g, total.value);
      body.insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
      var row = body.lastElementChild;
      initSelects(row);
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
      return;
    }
    var remove = event.target.closest("[data-formset-remove]");
    if (remove) {
      event.preventDefault();
      var line = remove.closest(".line-row");
      var box = line.querySelector("input[type=checkbox][name$='-DELETE']");
      if (box) box.checked = true;
      line.classList.add("deleted");
      recomputeTotals();
    }
  });

  // Order lines: amount per line and the order total, as the user types.
  function parse(value) { var n = parseFloat(String(value || "").replace(/,/g, "")); return isNaN(n) ? 0 : n; }
  function recomputeTotals() {
    var table = document.querySelector("[data-order-lines]");
    if (!table) return;
    var digits = parseInt(table.dataset.digits || "2", 10);
    var total = 0;
    table.querySelectorAll(".line-row:not(.deleted)").forEach(function (row) {
      var q = row.querySelector("input[name$='-quantity']");
      var p = row.querySelector("input[name$='-unit_price']");
      var cell = row.querySelector("[data-line-amount]");
      if (!q || !p || !cell) return;
      var amount = parse(q.value) * parse(p.value);
      total += amount;
      cell.textContent = amount ? amount.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "";
    });
    var out = document.querySelector("[data-order-total]");
    if (out) out.textContent = total.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest("[data-order-lines]")) recomputeTotals();
  });
  document.addEventListener("change", function (event) {
    if (event.target.name === "currency") {
      var table = document.querySelector("[data-order-lines]");
      var option = event.target.selectedOptions[0];
      if (table && option && option.dataset.digits) table.dataset.digits = option.dataset.digits;
      var label = document.querySelector("[data-order-currency]");
      if (label) label.textContent = event.target.value;
      recomputeTotals();
    }
  });

  // Payment terms: the deposit belongs to T/T, the days to usance L/C, D/A and O/A.
  function showTermFields() {
    var term = document.querySelector("select[name=payment_term]");
    if (!term) return;
    document.querySelectorAll("[data-show-for-term]").forEach(function (el) {
      el.hidden = el.dataset.showForTerm.split(" ").indexOf(term.value) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "payment_term") showTermFields();
  });

  document.addEventListener("DOMContentLoaded", function () { initSelects(document); recomputeTotals(); showTermFields(); });
  document.addEventListener("htmx:afterSwap", function (event) { initSelects(event.target); });
})();

/* Follow-up pages: action forms that open in place, anchors in panels loaded later,
   and a message when the server refuses an htmx request. */
(function () {
  "use strict";

  // "Cancel" in a form opened in place closes it; without JavaScript it is a link back.
  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-slot-close]");
    if (!close) return;
    var slot = close.closest(".action-slot");
    if (!slot) return;
    event.preventDefault();
    slot.innerHTML = "";
  });

  // Only one form open per list: opening another closes the first.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("action-slot")) return;
    document.querySelectorAll(".action-slot").forEach(function (slot) {
      if (slot !== target) slot.innerHTML = "";
    });
  });

  // A link such as /orders/5/#comment-12 points into a panel that loads after the page.
  document.addEventListener("htmx:afterSettle", function (event) {
    var hash = window.location.hash;
    if (!hash || hash.length < 2 || event.detail.elt.closest("[data-hash-done]")) return;
    var target = document.getElementById(hash.slice(1));
    if (target && event.detail.elt.contains(target)) {
      event.detail.elt.setAttribute("data-hash-done", "");
      target.scrollIntoView({ block: "start" });
      target.classList.add("flash");
    }
  });

  // The board scrolls sideways: mark the edges beyond which there are more columns (CSS fades them).
  function boardEdges(scroller) {
    var left = scroller.scrollLeft > 2;
    var right = scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth - 2;
    scroller.classList.toggle("more-left", left);
    scroller.classList.toggle("more-right", right);
  }
  function boardEdgesAll() { document.querySelectorAll(".board-scroll").forEach(boardEdges); }
  document.addEventListener("scroll", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("board-scroll")) boardEdges(target);
  }, true);
  document.addEventListener("DOMContentLoaded", boardEdgesAll);
  document.addEventListener("htmx:afterSettle", boardEdgesAll);
  window.addEventListener("resize", boardEdgesAll);

  // htmx leaves a refused request unswapped; say why, in the page's language.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = "";
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var title = doc.querySelector(".empty-title, .page-title");
      text = title ? title.textContent.trim() : "";
    } catch (e) { text = ""; }
    var container = document.querySelector(".page-body .container-xl");
    if (!container) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible";
    alert.setAttribute("role", "alert");
    alert.textContent = text || (xhr.status + " " + xhr.statusText);
    var close = document.createElement("a");
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    alert.appendChild(close);
    container.prepend(alert);
    window.scrollTo({ top: 0, behavior: "smooth" });
  });
})();

// An export link exports what the list shows: when a filter changes the address (htmx
// pushes it), the link follows.
document.body.addEventListener("htmx:pushedIntoHistory", function () {
  document.querySelectorAll("a[data-follow-filters]").forEach(function (link) {
    var url = new URL(link.href, window.location.href);
    url.search = window.location.search;
    link.href = url.toString();
  });
});
