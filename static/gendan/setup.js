/* Set-up pages: the dependency diagram's connectors and the SOP template editor. No build step. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // --- Dependency diagram: a curve from each step to each step that waits for it. -----
  function drawDag(dag) {
    var columns = dag.querySelector(".dag-levels");
    if (!columns) return;
    var old = dag.querySelector("svg.dag-lines");
    if (old) old.remove();
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "dag-lines");
    svg.setAttribute("width", columns.scrollWidth);
    svg.setAttribute("height", columns.scrollHeight + 16);
    var marker = document.createElementNS(ns, "marker");
    marker.setAttribute("id", "dag-arrow");
    marker.setAttribute("viewBox", "0 0 8 8");
    marker.setAttribute("refX", "7");
    marker.setAttribute("refY", "4");
    marker.setAttribute("markerWidth", "7");
    marker.setAttribute("markerHeight", "7");
    marker.setAttribute("orient", "auto");
    var tip = document.createElementNS(ns, "path");
    tip.setAttribute("d", "M0,0 L8,4 L0,8 z");
    tip.setAttribute("style", "fill:#9aa6b6;stroke:none");
    marker.appendChild(tip);
    var defs = document.createElementNS(ns, "defs");
    defs.appendChild(marker);
    svg.appendChild(defs);
    var origin = dag.getBoundingClientRect();
    var cards = {};
    dag.querySelectorAll(".dag-card[data-key]").forEach(function (card) { cards[card.dataset.key] = card; });
    Object.keys(cards).forEach(function (key) {
      var card = cards[key];
      (card.dataset.deps || "").split(" ").filter(Boolean).forEach(function (depKey) {
        var dep = cards[depKey];
        if (!dep) return;
        var a = dep.getBoundingClientRect(), b = card.getBoundingClientRect();
        // From the bottom of the step waited for to the top of the step that waits.
        var x1 = a.left + a.width / 2 - origin.left + dag.scrollLeft, y1 = a.bottom - origin.top;
        var x2 = b.left + b.width / 2 - origin.left + dag.scrollLeft, y2 = b.top - origin.top - 2;
        var bend = Math.max(14, (y2 - y1) / 2);
        var path = document.createElementNS(ns, "path");
        path.setAttribute("d", "M" + x1 + "," + y1 + " C" + x1 + "," + (y1 + bend) + " " + x2 + "," + (y2 - bend) + " " + x2 + "," + y2);
        path.setAttribute("marker-end", "url(#dag-arrow)");
        svg.appendChild(path);
      });
    });
    dag.insertBefore(svg, columns);
    dag.classList.add("has-lines");
  }
  function drawAll() { document.querySelectorAll(".dag").forEach(drawDag); }
  var resizeTimer;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawAll, 150); });

  // --- Template editor ------------------------------------------------------------------
  function rows() {
    var list = document.getElementById("steps-rows");
    return list ? Array.prototype.filter.call(list.querySelectorAll(".step-row"), function (row) { return !row.classList.contains("deleted"); }) : [];
  }
  function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }
  function slug(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 50);
  }
  function keys(except) {
    return rows().filter(function (row) { return row !== except; }).map(function (row) {
      var key = field(row, "key"), name = field(row, "name");
      return (key && key.value.trim()) || (name && slug(name.value)) || "";
    }).filter(Boolean);
  }
  function renumber() {
    rows().forEach(function (row, index) {
      var order = field(row, "ORDER");
      if (order) order.value = index + 1;
    });
  }
  function paint(row) {
    var role = field(row, "owner_role"), anchor = field(row, "anchor"), ship = field(row, "is_ship_step");
    if (role) {
      row.className = row.className.replace(/\brole-\S+/g, "").trim() + " role-" + role.value;
    }
    var lead = row.querySelector("[data-lead]");
    if (lead && anchor) lead.classList.toggle("is-muted", anchor.value === "dependencies");
    if (ship) row.classList.toggle("is-ship", ship.checked);
  }
  function enhanceDeps(row) {
    if (typeof TomSelect === "undefined") return;
    var input = row.querySelector("input[data-step-deps]:not(.tomselected)");
    if (!input) return;
    input.removeAttribute("list");
    var select = new TomSelect(input, {
      create: function (value) { var key = slug(value); return key ? { value: key, text: key } : false; },
      createOnBlur: true, persist: false, delimiter: ",", maxOptions: 200, addPrecedence: false,
      plugins: ["remove_button"],
      options: keys(row).map(function (key) { return { value: key, text: key }; }),
      // The other rows' keys change as the user types; offer the current ones.
      onFocus: function () {
        keys(row).forEach(function (key) { if (!select.options[key]) select.addOption({ value: key, text: key }); });
        select.refreshOptions(false);
      },
    });
  }
  function initEditor() {
    var list = document.getElementById("steps-rows");
    if (!list) return;
    rows().forEach(function (row) { paint(row); enhanceDeps(row); });
    if (typeof Sortable !== "undefined") {
      Sortable.create(list, { handle: ".drag", animation: 150, ghostClass: "sortable-ghost", onEnd: renumber });
    }
    renumber();
    list.addEventListener("change", function (event) {
      var row = event.target.closest(".step-row");
      if (!row) return;
      if (event.target.matches("[data-ship-step]") && event.target.checked) {
        rows().forEach(function (other) {
          var box = field(other, "is_ship_step");
          if (other !== row && box) { box.checked = false; paint(other); }
        });
      }
      if (event.target.name && /-name$/.test(event.target.name)) {
        var key = field(row, "key");
        if (key && !key.value.trim()) key.value = slug(event.target.value);
      }
      paint(row);
    });
  }
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add='steps']");
    if (!add) return;
    // app.js has inserted the new row by now; number it and give it the dependency picker.
    setTimeout(function () {
      var all = rows();
      var row = all[all.length - 1];
      if (row) { paint(row); enhanceDeps(row); }
      renumber();
    }, 0);
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-formset-remove]")) setTimeout(renumber, 0);
  });

  // Customers: a searchable multiple select that loads matches as the user types.
  function initLookupMulti(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-lookup-multi]:not(.tomselected)").forEach(function (select) {
      new TomSelect(select, {
        valueField: "id", labelField: "text", searchField: ["text"], plugins: ["remove_button"],
        preload: "focus", loadThrottle: 250, maxOptions: 50,
        load: function (query, callback) {
          var url = select.dataset.lookupMulti + (select.dataset.lookupMulti.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
          fetch(url, { headers: { "Accept": "application/json" } })
            .then(function (r) { return r.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initEditor(); initLookupMulti(document); drawAll(); });
  window.addEventListener("load", drawAll);
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(); initLookupMulti(event.target); });
})();
