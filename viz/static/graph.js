/* lienket graph view: draws the graph, filters node types, shows details and,
   inside the workspace, adds a node's neighbours in place when it is clicked.
   Every value from the data reaches the page through textContent or the
   canvas, never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var words = JSON.parse(document.getElementById("graph-words").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hiddenTypes = {};
  var view = new vis.DataView(nodes, {
    filter: function (n) { return !hiddenTypes[n.ntype]; }
  });
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: view, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, view: view, stabilizedMs: null };
  window.lienketViz = state;

  function settled() {
    if (state.stabilizedMs !== null) { return; }
    state.stabilizedMs = performance.now();
    // Physics off once settled: nodes stay where the investigator leaves them.
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-stabilized", String(Math.round(state.stabilizedMs)));
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (!data.nodes.length) { settled(); }
  setTimeout(settled, 20000);  // never leave physics running on a graph that will not settle

  function wireFilter(box) {
    box.addEventListener("change", function () {
      hiddenTypes[box.getAttribute("data-type-filter")] = !box.checked;
      view.refresh();
    });
  }
  document.querySelectorAll("input[data-type-filter]").forEach(wireFilter);

  // A type that first appears through an expansion gets its legend row and filter.
  function addLegendRows(rows) {
    var list = document.querySelector("#legend ul");
    var first = list.querySelector("li:not(.type)") || null;
    rows.forEach(function (row) {
      if (!row.group || document.querySelector('input[data-type-filter="' + row.group + '"]')) {
        return;
      }
      var li = document.createElement("li");
      li.className = "type";
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-type-filter", row.group);
      var swatch = document.createElement("span");
      swatch.className = "swatch " + row.shape;
      swatch.style.setProperty("--c", row.colour);
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(" " + row.caption));
      li.appendChild(label);
      list.insertBefore(li, first);
      wireFilter(box);
    });
  }

  var detailsText = document.getElementById("details-text");
  var detailsLink = document.getElementById("details-link");
  var hint = document.getElementById("details-hint");

  function showDetails(node) {
    detailsText.textContent = node.title || node.label || "";
    detailsLink.textContent = "";
    if (data.workspace && node.expand && node.kind === "entity") {
      var a = document.createElement("a");
      a.href = "/viz/entity/" + encodeURIComponent(node.expand[0]) + "/" +
        encodeURIComponent(node.expand[1]) + "?lang=" + encodeURIComponent(data.lang);
      a.textContent = words.open_entity;
      detailsLink.appendChild(a);
    }
  }

  function expand(pair, ownerId) {
    var url = "/viz/data/expand/" + encodeURIComponent(pair[0]) + "/" +
      encodeURIComponent(pair[1]) + "?lang=" + encodeURIComponent(data.lang);
    hint.textContent = words.expanding;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.detail || r.statusText); }
          return body;
        });
      })
      .then(function (more) {
        var known = {};
        nodes.getIds().forEach(function (id) { known[id] = true; });
        var added = more.nodes.filter(function (n) { return !known[n.id]; });
        // New nodes start around the node that was clicked, so they grow in place.
        var at = network.getPositions([ownerId])[ownerId] || { x: 0, y: 0 };
        added.forEach(function (n, i) {
          var angle = 2 * Math.PI * i / Math.max(added.length, 1);
          n.x = at.x + 90 * Math.cos(angle);
          n.y = at.y + 90 * Math.sin(angle);
        });
        addLegendRows(more.legend || []);
        // The expanded node's own "more hidden" marker gives way to the fresh one.
        var marker = "more:" + ownerId;
        if (!more.nodes.some(function (n) { return n.id === marker; })) { nodes.remove(marker); }
        nodes.update(more.nodes.filter(function (n) { return known[n.id]; })
          .map(function (n) { return { id: n.id, label: n.label, title: n.title }; }));
        nodes.add(added);
        edges.update(more.edges);
        hint.textContent = words.click_hint;
        var done = function () {
          document.body.setAttribute("data-expanded", String(added.length));
        };
        if (!added.length) { done(); return; }
        network.setOptions({ physics: { enabled: true } });
        network.once("stabilized", function () {
          network.setOptions({ physics: { enabled: false } });
          done();
        });
        network.stabilize(150);
      })
      .catch(function (err) {
        hint.textContent = words.expand_failed.replace("{why}", err.message);
      });
  }

  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    var node = nodes.get(params.nodes[0]);
    if (!node) { return; }
    var owner = (node.parent && nodes.get(node.parent)) || node;
    showDetails(owner);
    if (data.workspace && node.expand) { expand(node.expand, owner.id); }
  });
})();
