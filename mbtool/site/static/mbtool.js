/* mbtool's site script: the dependency map's viewport (pan, zoom, fit, full size, search,
 * filters, the concepts toggle).
 *
 * It is a static file, the same for every bank: it never holds document text. It reads the
 * map's SVG through classes from a fixed vocabulary (mb-node, mb-id-n3, mb-kind-document,
 * mb-sev-error, mb-stale, mb-edge, mb-from-n3, mb-to-n7) and the text of each node's <title>,
 * and it writes text only through textContent (never as markup), so nothing a document says
 * can become markup or script here. Without it the page still shows the whole map, clickable.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var PT = 0.75; // Graphviz draws in points: one px is 0.75 of an SVG unit at full size

  function init() {
    var maps = document.querySelectorAll(".mbtool-map");
    for (var i = 0; i < maps.length; i++) setUp(maps[i]);
  }

  function classValue(element, prefix) {
    var list = (element.getAttribute("class") || "").split(/\s+/);
    for (var i = 0; i < list.length; i++) {
      if (list[i].indexOf(prefix) === 0) return list[i].slice(prefix.length);
    }
    return "";
  }

  function hasClass(element, name) {
    return (" " + (element.getAttribute("class") || "") + " ").indexOf(" " + name + " ") >= 0;
  }

  function folderOf(name, kind) {
    if (kind === "folder") return name.replace(/\/$/, "");
    if (kind !== "document" && kind !== "map") return "";
    var slash = name.lastIndexOf("/");
    return slash < 0 ? "(bank root)" : name.slice(0, slash);
  }

  /* One picture: its SVG, nodes, edges and view box. */
  function Picture(figure) {
    this.figure = figure;
    this.svg = figure.querySelector("svg");
    var box = this.svg.viewBox.baseVal;
    this.home = { x: box.x, y: box.y, w: box.width, h: box.height };
    this.svg.removeAttribute("width");
    this.svg.removeAttribute("height");
    this.svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    this.nodes = [];
    this.byId = {};
    var groups = this.svg.querySelectorAll("g.mb-node");
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      var title = g.querySelector("title");
      var kind = classValue(g, "mb-kind-");
      var node = {
        element: g,
        id: classValue(g, "mb-id-"),
        name: title ? title.textContent : "",
        kind: kind,
        severity: classValue(g, "mb-sev-"),
        stale: hasClass(g, "mb-stale"),
        edges: []
      };
      node.folder = folderOf(node.name, kind);
      this.nodes.push(node);
      this.byId[node.id] = node;
    }
    this.edges = [];
    var lines = this.svg.querySelectorAll("g.mb-edge");
    for (var j = 0; j < lines.length; j++) {
      var edge = { element: lines[j], from: classValue(lines[j], "mb-from-"), to: classValue(lines[j], "mb-to-") };
      this.edges.push(edge);
      if (this.byId[edge.from]) this.byId[edge.from].edges.push(edge);
      if (this.byId[edge.to]) this.byId[edge.to].edges.push(edge);
    }
  }

  Picture.prototype.box = function () {
    var b = this.svg.viewBox.baseVal;
    return { x: b.x, y: b.y, w: b.width, h: b.height };
  };

  Picture.prototype.show = function (b) {
    // Widen the box to the viewport's shape around its centre, so the box is exactly what is
    // visible: zooming, panning and centring then scale as the eye expects.
    var viewport = this.figure.parentNode;
    var vw = viewport && viewport.clientWidth;
    var vh = viewport && viewport.clientHeight;
    if (vw && vh) {
      var aspect = vh / vw;
      if (b.h / b.w < aspect) {
        var h = b.w * aspect;
        b = { x: b.x, y: b.y - (h - b.h) / 2, w: b.w, h: h };
      } else {
        var w = b.h / aspect;
        b = { x: b.x - (w - b.w) / 2, y: b.y, w: w, h: b.h };
      }
    }
    this.svg.setAttribute("viewBox", [b.x, b.y, b.w, b.h].join(" "));
  };

  Picture.prototype.unitsPerPixel = function () {
    var matrix = this.svg.getScreenCTM();
    return matrix && matrix.a ? 1 / matrix.a : 1;
  };

  Picture.prototype.toSvg = function (clientX, clientY) {
    var point = this.svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    var matrix = this.svg.getScreenCTM();
    return matrix ? point.matrixTransform(matrix.inverse()) : point;
  };

  Picture.prototype.zoom = function (factor, cx, cy) {
    var b = this.box();
    if (cx === undefined) {
      cx = b.x + b.w / 2;
      cy = b.y + b.h / 2;
    }
    var w = Math.min(Math.max(b.w / factor, this.home.w / 50), this.home.w * 20);
    var h = b.h * (w / b.w);
    this.show({ x: cx - (cx - b.x) * (w / b.w), y: cy - (cy - b.y) * (h / b.h), w: w, h: h });
  };

  Picture.prototype.fit = function () {
    this.show(this.home);
  };

  Picture.prototype.fullSize = function (viewport) {
    var b = this.box();
    var w = viewport.clientWidth * PT;
    var h = viewport.clientHeight * PT;
    this.show({ x: b.x + b.w / 2 - w / 2, y: b.y + b.h / 2 - h / 2, w: w, h: h });
  };

  /* The box of a node in the picture's coordinates (Graphviz translates the whole graph, and
   * a node's own box is in its group's coordinates). */
  Picture.prototype.boxOf = function (node) {
    var bounds = node.element.getBBox();
    var toScreen = node.element.getScreenCTM();
    var fromScreen = this.svg.getScreenCTM();
    var corners = [
      [bounds.x, bounds.y],
      [bounds.x + bounds.width, bounds.y + bounds.height]
    ].map(function (corner) {
      var point = this.svg.createSVGPoint();
      point.x = corner[0];
      point.y = corner[1];
      return toScreen && fromScreen ? point.matrixTransform(fromScreen.inverse().multiply(toScreen)) : point;
    }, this);
    return { x: corners[0].x, y: corners[0].y, w: corners[1].x - corners[0].x, h: corners[1].y - corners[0].y };
  };

  /* Show a node and the nodes around it: their joint box, padded, never closer than a
   * readable node (seven node-widths across). */
  Picture.prototype.centreOn = function (node, around) {
    var own = this.boxOf(node);
    var x1 = own.x;
    var y1 = own.y;
    var x2 = own.x + own.w;
    var y2 = own.y + own.h;
    (around || []).forEach(function (other) {
      var b = this.boxOf(other);
      x1 = Math.min(x1, b.x);
      y1 = Math.min(y1, b.y);
      x2 = Math.max(x2, b.x + b.w);
      y2 = Math.max(y2, b.y + b.h);
    }, this);
    var w = Math.max(x2 - x1, own.w * 7) * 1.1;
    var h = (y2 - y1) * 1.1;
    this.show({ x: (x1 + x2) / 2 - w / 2, y: (y1 + y2) / 2 - h / 2, w: w, h: h });
  };

  function setClass(element, name, on) {
    var list = (element.getAttribute("class") || "").split(/\s+/).filter(function (c) {
      return c && c !== name;
    });
    if (on) list.push(name);
    element.setAttribute("class", list.join(" "));
  }

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    for (var key in attributes) made.setAttribute(key, attributes[key]);
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function option(select, value, text) {
    var made = document.createElement("option");
    made.value = value;
    made.textContent = text;
    select.appendChild(made);
  }

  function setUp(map) {
    if (map.getAttribute("data-ready")) return;
    var figures = map.querySelectorAll(".mbtool-map-picture");
    if (!figures.length || !figures[0].querySelector("svg")) return;
    map.setAttribute("data-ready", "true");
    var pictures = [];
    for (var i = 0; i < figures.length; i++) pictures.push(new Picture(figures[i]));
    var current = pictures[0];

    var viewport = element("div", { class: "mbtool-map-viewport", tabindex: "0" });
    for (var k = 0; k < figures.length; k++) viewport.appendChild(figures[k]);
    var bar = element("div", { class: "mbtool-map-toolbar", role: "toolbar" });
    var search = element("input", {
      type: "search",
      class: "mbtool-map-search",
      placeholder: "Find a document",
      "aria-label": "Find a document",
      list: "mbtool-map-names"
    });
    var names = element("datalist", { id: "mbtool-map-names" });
    var status = element("span", { class: "mbtool-map-status", "aria-live": "polite" });
    var folder = element("select", { class: "mbtool-map-folder", "aria-label": "Folder" });
    var kind = element("select", { class: "mbtool-map-kind", "aria-label": "Kind" });
    var finding = element("select", { class: "mbtool-map-finding", "aria-label": "Finding" });
    var buttons = {
      zoomIn: element("button", { type: "button", title: "Zoom in" }, "+"),
      zoomOut: element("button", { type: "button", title: "Zoom out" }, "\u2212"),
      fit: element("button", { type: "button", title: "Fit the whole map" }, "Fit"),
      full: element("button", { type: "button", title: "Full size (1:1)" }, "1:1"),
      screen: element("button", { type: "button", title: "Full screen" }, "Full screen")
    };
    bar.appendChild(search);
    bar.appendChild(names);
    bar.appendChild(buttons.zoomIn);
    bar.appendChild(buttons.zoomOut);
    bar.appendChild(buttons.fit);
    bar.appendChild(buttons.full);
    if (viewport.requestFullscreen) bar.appendChild(buttons.screen);
    bar.appendChild(folder);
    bar.appendChild(kind);
    bar.appendChild(finding);
    var concepts = null;
    if (pictures.length > 1) {
      var label = element("label", { class: "mbtool-map-concepts" });
      concepts = element("input", { type: "checkbox" });
      label.appendChild(concepts);
      label.appendChild(document.createTextNode(" Concepts and paths"));
      bar.appendChild(label);
    }
    bar.appendChild(status);
    map.insertBefore(bar, map.firstChild);
    map.appendChild(viewport);
    pictures.forEach(function (picture) {
      picture.fit();
    });

    function fillChoices() {
      var folders = {};
      var kinds = {};
      var seen = {};
      for (var p = 0; p < pictures.length; p++) {
        pictures[p].nodes.forEach(function (node) {
          if (node.folder) folders[node.folder] = true;
          kinds[node.kind] = true;
          if (!seen[node.name]) {
            seen[node.name] = true;
            option(names, node.name, node.name);
          }
        });
      }
      option(folder, "", "All folders");
      Object.keys(folders).sort().forEach(function (name) {
        option(folder, name, name);
      });
      option(kind, "", "All kinds");
      ["document", "map", "concept", "path", "folder"].forEach(function (name) {
        if (kinds[name]) option(kind, name, name);
      });
      option(finding, "", "Any finding");
      option(finding, "error", "Errors");
      option(finding, "warning", "Warnings");
      option(finding, "info", "Info");
      option(finding, "none", "No finding");
      option(finding, "stale", "Stale");
    }

    function passes(node) {
      if (folder.value && node.folder !== folder.value) return false;
      if (kind.value && node.kind !== kind.value) return false;
      if (finding.value === "stale") return node.stale;
      if (finding.value && node.severity !== finding.value) return false;
      return true;
    }

    function matches(query) {
      if (!query) return [];
      var exact = current.nodes.filter(function (node) {
        return node.name.toLowerCase() === query;
      });
      if (exact.length) return exact;
      return current.nodes.filter(function (node) {
        return node.name.toLowerCase().indexOf(query) >= 0;
      });
    }

    function apply(centre) {
      var query = search.value.trim().toLowerCase();
      var found = matches(query);
      var near = {};
      var lit = {};
      found.forEach(function (node) {
        near[node.id] = true;
      });
      if (found.length === 1) {
        found[0].edges.forEach(function (edge) {
          near[edge.from] = true;
          near[edge.to] = true;
          lit[edge.from + ">" + edge.to] = true;
        });
      }
      var searching = query.length > 0;
      current.nodes.forEach(function (node) {
        var hit = found.indexOf(node) >= 0;
        setClass(node.element, "mb-match", hit);
        setClass(node.element, "mb-near", !hit && !!near[node.id] && found.length === 1);
        setClass(node.element, "mb-faded", (searching && !near[node.id]) || !passes(node));
      });
      current.edges.forEach(function (edge) {
        var on = !!lit[edge.from + ">" + edge.to];
        var hidden = !passes(current.byId[edge.from] || {}) || !passes(current.byId[edge.to] || {});
        setClass(edge.element, "mb-near", on);
        setClass(edge.element, "mb-faded", (searching && !on) || hidden);
      });
      if (!searching) status.textContent = "";
      else if (!found.length) status.textContent = "No document matches";
      else if (found.length === 1) status.textContent = found[0].name + ": " + (found[0].edges.length) + " edges";
      else status.textContent = found.length + " matches";
      if (centre && found.length === 1) {
        var neighbours = current.nodes.filter(function (node) {
          return near[node.id] && node !== found[0];
        });
        current.centreOn(found[0], neighbours);
      }
    }

    function choose(picture) {
      pictures.forEach(function (p) {
        if (p === picture) p.figure.removeAttribute("hidden");
        else p.figure.setAttribute("hidden", "");
      });
      current = picture;
      apply(false);
    }

    fillChoices();
    search.addEventListener("input", function () {
      apply(true);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        apply(true);
      }
    });
    [folder, kind, finding].forEach(function (select) {
      select.addEventListener("change", function () {
        apply(false);
      });
    });
    if (concepts) {
      concepts.addEventListener("change", function () {
        choose(pictures[concepts.checked ? 1 : 0]);
      });
    }
    buttons.zoomIn.addEventListener("click", function () {
      current.zoom(1.4);
    });
    buttons.zoomOut.addEventListener("click", function () {
      current.zoom(1 / 1.4);
    });
    buttons.fit.addEventListener("click", function () {
      current.fit();
    });
    buttons.full.addEventListener("click", function () {
      current.fullSize(viewport);
    });
    buttons.screen.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else viewport.requestFullscreen();
    });

    viewport.addEventListener(
      "wheel",
      function (event) {
        event.preventDefault();
        var at = current.toSvg(event.clientX, event.clientY);
        current.zoom(Math.pow(1.0015, -event.deltaY), at.x, at.y);
      },
      { passive: false }
    );

    var drag = null;
    var dragged = false;
    viewport.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, box: current.box(), scale: current.unitsPerPixel() };
      dragged = false;
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
      dragged = true;
      viewport.classList.add("mbtool-dragging");
      current.show({ x: drag.box.x - dx * drag.scale, y: drag.box.y - dy * drag.scale, w: drag.box.w, h: drag.box.h });
    });
    window.addEventListener("pointerup", function () {
      drag = null;
      viewport.classList.remove("mbtool-dragging");
    });
    // A drag that ends on a document must not open it: only a click without a drag does.
    viewport.addEventListener(
      "click",
      function (event) {
        if (dragged) {
          event.preventDefault();
          event.stopPropagation();
          dragged = false;
        }
      },
      true
    );
    viewport.addEventListener("keydown", function (event) {
      if (event.target !== viewport) return;
      if (event.key === "+" || event.key === "=") current.zoom(1.4);
      else if (event.key === "-") current.zoom(1 / 1.4);
      else if (event.key === "0") current.fit();
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init); // Material's instant navigation swaps pages without a reload
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
