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
  var state = { network: network, nodes: nodes, edges: edges, stabilizedMs: null };
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

  document.querySelectorAll("input[data-type-filter]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenTypes[box.getAttribute("data-type-filter")] = !box.checked;
      view.refresh();
    });
  });

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
        // The expanded node's own "more hidden" marker gives way to the fresh one.
        var marker = "more:" + ownerId;
        if (!more.nodes.some(function (n) { return n.id === marker; })) { nodes.remove(marker); }
        nodes.update(more.nodes.filter(function (n) { return known[n.id]; })
          .map(function (n) { return { id: n.id, label: n.label, title: n.title }; }));
        nodes.add(added);
        edges.update(more.edges);
        hint.textContent = words.click_hint;
        document.body.setAttribute("data-expanded", String(added.length));
        if (added.length) {
          network.setOptions({ physics: { enabled: true } });
          network.once("stabilized", function () {
            network.setOptions({ physics: { enabled: false } });
          });
          network.stabilize(150);
        }
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
