/*
 * conceptgraph: the reader's graph views, drawn with the vendored force-graph (canvas).
 *
 * Data flow: graph.json (written by the plugin at the site root) is fetched once per session and
 * indexed; each page change (Material's `document$`, which also fires under instant navigation)
 * tears down every live view and mounts one per container on the new page:
 *   #cg-graph            the explorer: search, relation filter, legend, list of all concepts;
 *   .cg-local-graph      a concept's neighbourhood (data-node, data-depth 1 or 2).
 * Titles come from notes and are untrusted: they reach the page only through textContent,
 * setAttribute and canvas fillText, never as HTML. The only global is `window.conceptgraph`.
 */
(() => {
  "use strict";

  const LARGE = 2000; // links: above this, skip arrows and link hit-testing to stay interactive
  const FIT_MS = 400; // the zoom-to-fit transition once the layout has settled
  const LOCAL_ALL_LABELS = 40;
  const LABEL_PX = 11; // node labels, in screen pixels at any zoom
  const MIN_LABELLED_EDGE_PX = 70; // shorter edges have no room for their relation's name
  const MAX_LABELS = 150; // per frame
  const MAX_LABEL_CANDIDATES = 1500; // highest-degree nodes considered for a label // links: a local graph this small labels every edge
  const FAMILY_COLORS = {
    default: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
      "#17becf", "#bcbd22", "#3949ab", "#00897b", "#ad1457"],
    slate: ["#6cb4ee", "#ffad5c", "#7fd67f", "#ff8a80", "#c3a3f0", "#d7a98c", "#f6a6dc",
      "#5ee0ef", "#e3e36b", "#9fa8da", "#80cbc4", "#f48fb1"],
  };
  const RELATION_COLORS = {
    default: ["#3949ab", "#00897b", "#e65100", "#2e7d32", "#c62828", "#6a1b9a", "#5d4037",
      "#0277bd", "#9e9d24", "#ad1457"],
    slate: ["#9fa8da", "#80cbc4", "#ffb74d", "#a5d6a7", "#ef9a9a", "#ce93d8", "#bcaaa4",
      "#81d4fa", "#e6ee9c", "#f48fb1"],
  };

  const instances = [];
  const cache = new Map(); // graph.json URL -> Promise of the indexed graph
  let counter = 0;

  const NS = (window.conceptgraph = window.conceptgraph || {});
  Object.defineProperty(NS, "graphs", {
    // Read-only debug hook for tests and benchmarks: one frozen API per live view.
    get: () => Object.freeze(instances.map((inst) => inst.api)),
    configurable: true,
  });

  // ---------------------------------------------------------------- data

  function siteRoot() {
    if (typeof window.__md_scope !== "undefined") return new URL(window.__md_scope, location.href);
    const config = document.querySelector("#__config");
    if (config) {
      try {
        return new URL(JSON.parse(config.textContent).base, location.href);
      } catch (_) { /* fall through */ }
    }
    return new URL("./", location.href);
  }

  function loadGraph(root) {
    const url = new URL("graph.json", root).href;
    if (!cache.has(url)) {
      const promise = fetch(url, { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
          return response.json();
        })
        .then(indexGraph);
      promise.catch(() => cache.delete(url));
      cache.set(url, promise);
    }
    return cache.get(url);
  }

  function indexGraph(data) {
    const nodes = Array.isArray(data.nodes) ? data.nodes : [];
    const byId = new Map();
    for (const n of nodes) {
      if (n && typeof n.id === "string") {
        byId.set(n.id, {
          id: n.id,
          title: String(n.title == null ? n.id : n.title),
          url: typeof n.url === "string" ? n.url : null,
          family: n.family == null ? null : String(n.family),
          degree: Number(n.degree) || 0,
        });
      }
    }
    const edges = (Array.isArray(data.edges) ? data.edges : []).filter(
      (e) => e && byId.has(e.source) && byId.has(e.target));
    const neighbours = new Map([...byId.keys()].map((id) => [id, new Set()]));
    for (const e of edges) {
      neighbours.get(e.source).add(e.target);
      neighbours.get(e.target).add(e.source);
    }
    const relations = [];
    const seen = new Set();
    for (const r of Array.isArray(data.relations) ? data.relations : []) {
      if (r && typeof r.key === "string" && !seen.has(r.key)) {
        seen.add(r.key);
        relations.push({ key: r.key, label: String(r.label || r.key) });
      }
    }
    for (const e of edges) {
      if (!seen.has(e.relation)) {
        seen.add(e.relation);
        relations.push({ key: String(e.relation), label: String(e.relation) });
      }
    }
    const families = [...new Set([...byId.values()].map((n) => n.family).filter((f) => f))].sort();
    return { byId, edges, neighbours, relations, families };
  }

  // ---------------------------------------------------------------- colours

  function hexToRgba(hex, alpha) {
    const v = parseInt(hex.slice(1), 16);
    return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
  }

  function readTheme(graph) {
    const scheme = document.body.getAttribute("data-md-color-scheme") === "slate" ? "slate" : "default";
    const style = getComputedStyle(document.body);
    const cssVar = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    const family = new Map();
    graph.families.forEach((f, i) => {
      const hex = FAMILY_COLORS[scheme][i % FAMILY_COLORS[scheme].length];
      family.set(f, { full: hex, dim: hexToRgba(hex, 0.18) });
    });
    const grey = scheme === "slate" ? "#9e9e9e" : "#757575";
    const relation = new Map();
    let i = 0;
    for (const r of graph.relations) {
      const hex = r.key === "link" ? grey : RELATION_COLORS[scheme][i++ % RELATION_COLORS[scheme].length];
      relation.set(r.key, { full: hex, soft: hexToRgba(hex, 0.45), dim: hexToRgba(hex, 0.08) });
    }
    return {
      scheme,
      family,
      noFamily: { full: grey, dim: hexToRgba(grey, 0.18) },
      relation,
      fg: cssVar("--md-default-fg-color", scheme === "slate" ? "#e2e4e9" : "#000000de"),
      bg: cssVar("--md-default-bg-color", scheme === "slate" ? "#1e2129" : "#ffffff"),
      accent: cssVar("--md-accent-fg-color", "#526cfe"),
    };
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    if (text != null) node.textContent = text;
    return node;
  }

  function navigate(href, ev) {
    if (ev && (ev.ctrlKey || ev.metaKey || ev.shiftKey)) {
      window.open(href, "_blank", "noopener");
      return;
    }
    // A real link click, so that Material's instant navigation handles it when it is on.
    const a = el("a", { href, hidden: "" });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function neighbourhood(graph, start, depth) {
    const found = new Set([start]);
    let frontier = [start];
    for (let d = 0; d < depth; d++) {
      const next = [];
      for (const id of frontier) {
        for (const other of graph.neighbours.get(id)) {
          if (!found.has(other)) {
            found.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
    return found;
  }

  // ---------------------------------------------------------------- one view

  function mount(host, kind) {
    const id = ++counter;
    const aborter = new AbortController();
    const on = (target, type, fn) => target.addEventListener(type, fn, { signal: aborter.signal });
    const state = {
      destroyed: false, drawn: false, fitted: false, layoutDone: false,
      graph: null, fg: null, theme: null, data: null,
      hover: null, selected: null, focusSet: null, active: null,
      center: kind === "local" ? host.getAttribute("data-node") : null,
      depth: kind === "local" && host.getAttribute("data-depth") === "2" ? 2 : 1,
      observers: [],
    };

    host.classList.add("cg-view");
    host.replaceChildren();
    const controls = el("div", { class: "cg-controls" });
    const canvasHost = el("div", {
      class: "cg-canvas", tabindex: "0", role: "group", "aria-roledescription": "graph",
    });
    const status = el("p", { class: "cg-status", "aria-live": "polite" });
    host.append(controls, canvasHost, status);
    status.textContent = "Loading the concept graph…";

    const api = Object.freeze({
      kind,
      element: host,
      nodeCount: () => (state.data ? state.data.nodes.length : 0),
      edgeCount: () => (state.data ? state.data.links.length : 0),
      visibleEdgeCount: () => (state.data ? state.data.links.filter(linkVisible).length : 0),
      activeRelations: () => (state.active ? [...state.active].sort() : []),
      isDrawn: () => state.drawn,
      isLayoutDone: () => state.layoutDone,
      isDestroyed: () => state.destroyed,
      selected: () => (state.selected ? state.selected.id : null),
      hovered: () => (state.hover ? state.hover.id : null),
      zoom: () => (state.fg ? state.fg.zoom() : null),
      scheme: () => (state.theme ? state.theme.scheme : null),
      screenPosition: (nodeId) => {
        const node = state.data && state.data.nodes.find((n) => n.id === nodeId);
        if (!node || !state.fg) return null;
        const p = state.fg.graph2ScreenCoords(node.x, node.y);
        const box = canvasHost.getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      },
    });
    const instance = { id, api, destroy };
    instances.push(instance);

    loadGraph(siteRoot()).then(
      (graph) => { if (!state.destroyed) start(graph); },
      () => {
        if (!state.destroyed) status.textContent = "The concept graph could not be loaded.";
      });
    return instance;

    // -------------------------------------------------------------- lifecycle

    function start(graph) {
      state.graph = graph;
      if (kind === "local" && !graph.byId.has(state.center)) {
        status.textContent = "This concept is not in the graph yet.";
        return;
      }
      state.active = new Set(graph.relations.map((r) => r.key));
      state.theme = readTheme(graph);
      state.data = buildData();
      buildControls();
      const fg = (state.fg = window.ForceGraph()(canvasHost));
      const big = state.data.links.length > LARGE;
      fg.width(canvasHost.clientWidth || 600)
        .height(canvasHost.clientHeight || 400)
        .nodeId("id")
        .nodeVal(nodeVal)
        .nodeRelSize(2.5)
        .nodeColor(nodeColor)
        .nodeLabel(tooltipFor)
        .linkLabel(() => "")
        .linkColor(linkColor)
        .linkWidth(linkWidth)
        // With tens of thousands of edges, rasterising them while the first layout spreads the
        // nodes out would cost most of each frame: they appear once it has settled.
        .linkVisibility((l) => (!big || state.settledOnce) && linkVisible(l))
        .linkDirectionalArrowLength(arrowLength)
        .linkDirectionalArrowRelPos(0.92)
        .onRenderFramePost(afterFrame)
        .onNodeHover((node) => {
          state.hover = node || null;
          canvasHost.style.cursor = node ? "pointer" : "";
          refocus();
        })
        .onNodeClick((node, ev) => open(node, ev))
        .onEngineStop(() => {
          if (!state.settledOnce && !state.selected) {
            state.settledOnce = true;
            describe();
          }
          state.settledOnce = true;
          const fit = !state.fitted;
          state.fitted = true;
          if (fit) fg.zoomToFit(FIT_MS, 30);
          clearTimeout(state.settleTimer);
          state.settleTimer = setTimeout(() => {
            state.layoutDone = true;
            host.setAttribute("data-layout", "done");
          }, fit ? FIT_MS + 50 : 0);
        })
        .d3AlphaMin(0.002) // force-graph's default 0 would tick until cooldownTime
        .d3AlphaDecay(big ? 0.05 : 0.0228)
        .cooldownTime(big ? 8000 : 6000)
        .warmupTicks(state.data.nodes.length < 300 ? 150 : 0); // small graphs appear settled
      if (big) fg.linkPointerAreaPaint(() => {}); // links are not hover targets: skip 50k strokes
      if (kind === "local") {
        fg.enableZoomInteraction((ev) => ev.ctrlKey || ev.metaKey); // let the page scroll
      }
      // Spread the layout: d3's defaults crowd a dense knowledge graph into a ball.
      const n = state.data.nodes.length;
      fg.d3Force("charge").strength(n > 1000 ? -35 : -140).distanceMax(n > 1000 ? 250 : 600);
      fg.d3Force("link").distance(kind === "local" ? 60 : 45);
      fg.graphData(state.data);
      refocus();
      describe();

      const resize = new ResizeObserver(() => {
        if (canvasHost.clientWidth && canvasHost.clientHeight) {
          fg.width(canvasHost.clientWidth).height(canvasHost.clientHeight);
        }
      });
      resize.observe(canvasHost);
      const palette = new MutationObserver(() => {
        state.theme = readTheme(state.graph);
        paintLegend();
        redraw();
      });
      palette.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      state.observers.push(resize, palette);
      on(canvasHost, "keydown", onKey);
      on(canvasHost, "pointerleave", () => { state.hover = null; refocus(); });
    }

    function destroy() {
      if (state.destroyed) return;
      state.destroyed = true;
      clearTimeout(state.settleTimer);
      aborter.abort();
      state.observers.forEach((o) => o.disconnect());
      if (state.fg) {
        state.fg.pauseAnimation();
        state.fg._destructor();
      }
      state.fg = null;
      const i = instances.indexOf(instance);
      if (i >= 0) instances.splice(i, 1);
    }

    function buildData() {
      const g = state.graph;
      const ids = kind === "local" ? neighbourhood(g, state.center, state.depth) : null;
      const nodes = [];
      for (const n of g.byId.values()) {
        if (!ids || ids.has(n.id)) {
          const copy = { ...n };
          if (n.id === state.center) { copy.fx = 0; copy.fy = 0; }
          nodes.push(copy);
        }
      }
      const links = [];
      for (const e of g.edges) {
        if (!ids || (ids.has(e.source) && ids.has(e.target))) {
          links.push({ source: e.source, target: e.target, relation: String(e.relation) });
        }
      }
      state.byDegree = nodes.slice().sort((a, b) => b.degree - a.degree);
      return { nodes, links };
    }

    // -------------------------------------------------------------- drawing

    function redraw() {
      // Any prop change makes force-graph repaint the next frame (it pauses when idle).
      if (state.fg) state.fg.nodeRelSize(state.fg.nodeRelSize());
    }

    function focusNode() {
      return state.hover || state.selected;
    }

    function refocus() {
      const f = focusNode();
      if (state.fg) {
        // Constant accessors when nothing is focused: force-graph calls them for every edge.
        state.fg.linkWidth(f ? linkWidth : 0.6);
        const big = state.data.links.length > LARGE;
        state.fg.linkDirectionalArrowLength(f ? arrowLength : big ? 0 : 3);
      }
      if (f) {
        state.focusSet = new Set([f.id]);
        for (const l of state.data.links) {
          if (!linkVisible(l)) continue;
          if (l.source.id === f.id) state.focusSet.add(l.target.id);
          else if (l.target.id === f.id) state.focusSet.add(l.source.id);
        }
      } else {
        state.focusSet = null;
      }
      redraw();
    }

    function linkVisible(l) {
      return state.active.has(l.relation);
    }

    function isFocusLink(l) {
      const f = focusNode();
      return !!f && (l.source === f || l.target === f || l.source.id === f.id || l.target.id === f.id);
    }

    function linkWidth(l) {
      return isFocusLink(l) ? 1.6 : 0.6;
    }

    function arrowLength(l) {
      return state.data.links.length <= LARGE || isFocusLink(l) ? 3 : 0;
    }

    function nodeVal(n) {
      return (n.id === state.center ? 4 : 1) + Math.sqrt(n.degree);
    }

    function nodeColor(n) {
      const c = (n.family && state.theme.family.get(n.family)) || state.theme.noFamily;
      return !state.focusSet || state.focusSet.has(n.id) ? c.full : c.dim;
    }

    function linkColor(l) {
      const c = state.theme.relation.get(l.relation);
      if (!state.focusSet && kind === "local") {
        // The centre's own relations stand out from those among its neighbours.
        return l.source.id === state.center || l.target.id === state.center ? c.full : c.dim;
      }
      if (!state.focusSet) return state.data.links.length > LARGE ? c.dim : c.soft;
      return isFocusLink(l) ? c.full : c.dim;
    }

    function tooltipFor(n) {
      // float-tooltip inserts a string as HTML, so hand it an element holding text.
      if (!n.__tip) n.__tip = el("span", { class: "cg-tooltip-title" }, n.title);
      return n.__tip;
    }

    function drawText(ctx, text, x, y, size) {
      ctx.font = `${size}px sans-serif`;
      ctx.lineWidth = size / 4;
      ctx.strokeStyle = state.theme.bg;
      ctx.strokeText(text, x, y);
      ctx.fillStyle = state.theme.fg;
      ctx.fillText(text, x, y);
    }

    function radius(n) {
      return Math.sqrt(nodeVal(n)) * state.fg.nodeRelSize();
    }

    function drawNodeLabels(ctx, scale) {
      // Greedy placement in screen space: focused nodes first, then by degree; a label that
      // would overlap one already placed is skipped, so labels stay legible at every zoom.
      const fg = state.fg;
      const width = fg.width();
      const height = fg.height();
      const candidates = state.focusSet
        ? state.byDegree.filter((n) => state.focusSet.has(n.id))
        : state.byDegree.slice(0, MAX_LABEL_CANDIDATES);
      if (state.selected && !candidates.includes(state.selected)) candidates.unshift(state.selected);
      const focus = focusNode();
      if (focus) candidates.unshift(focus);
      const placed = [];
      const size = LABEL_PX / scale;
      ctx.font = `${LABEL_PX}px sans-serif`;
      let count = 0;
      for (const n of candidates) {
        if (count >= MAX_LABELS || !Number.isFinite(n.x)) continue;
        const p = fg.graph2ScreenCoords(n.x, n.y);
        if (p.x < -50 || p.y < -50 || p.x > width + 50 || p.y > height + 50) continue;
        if (n.__label === undefined) {
          n.__label = n.title.length > 40 ? `${n.title.slice(0, 39)}…` : n.title;
          n.__labelWidth = ctx.measureText(n.__label).width;
        }
        const top = p.y + radius(n) * scale + 1;
        const box = [p.x - n.__labelWidth / 2 - 2, top, p.x + n.__labelWidth / 2 + 2, top + LABEL_PX + 2];
        if (placed.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) {
          continue;
        }
        placed.push(box);
        count++;
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        drawText(ctx, n.__label, n.x, n.y + (radius(n) * scale + 1) / scale, size);
        ctx.font = `${LABEL_PX}px sans-serif`;
      }
      const centre = kind === "local" && state.data.nodes.find((n) => n.id === state.center);
      for (const n of [state.selected, centre]) {
        if (n && Number.isFinite(n.x)) {
          ctx.beginPath();
          ctx.arc(n.x, n.y, radius(n) + 3 / scale, 0, 2 * Math.PI);
          ctx.lineWidth = 2 / scale;
          ctx.strokeStyle = state.theme.accent;
          ctx.stroke();
        }
      }
    }

    function afterFrame(ctx, scale) {
      if (!state.drawn && state.data.nodes.length) {
        state.drawn = true;
        host.setAttribute("data-node-count", String(state.data.nodes.length));
        host.setAttribute("data-state", "drawn");
        if (kind === "explorer") {
          performance.clearMarks("conceptgraph:first-draw");
          performance.mark("conceptgraph:first-draw");
        }
      }
      // Edge labels first (the focused node's edges, or every edge of a small local graph),
      // so that node labels stay on top.
      drawEdgeLabels(ctx, scale);
      drawNodeLabels(ctx, scale);
    }

    function drawEdgeLabels(ctx, scale) {
      const f = focusNode();
      const all = kind === "local" && state.data.links.length <= LOCAL_ALL_LABELS;
      if (!f && !all) return;
      const size = Math.max(9 / scale, 0.8);
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      for (const l of state.data.links) {
        if (!linkVisible(l) || (f ? !isFocusLink(l) : false) || typeof l.source !== "object") continue;
        const length = Math.hypot(l.target.x - l.source.x, l.target.y - l.source.y) * scale;
        if (length < MIN_LABELLED_EDGE_PX) continue;
        const label = relationLabel(l.relation);
        drawText(ctx, label, (l.source.x + l.target.x) / 2, (l.source.y + l.target.y) / 2, size);
      }
    }

    function relationLabel(key) {
      const r = state.graph.relations.find((x) => x.key === key);
      return r ? r.label : key;
    }

    // -------------------------------------------------------------- interaction

    function open(node, ev) {
      if (node && node.url) navigate(new URL(node.url, siteRoot()).href, ev);
    }

    function select(node, centre) {
      state.selected = node || null;
      refocus();
      if (!node) {
        describe();
        return;
      }
      const degree = state.graph.neighbours.get(node.id).size;
      status.textContent = `Selected: ${node.title} (${degree} connected). Press Enter to open it.`;
      if (centre && state.fg && Number.isFinite(node.x)) {
        state.fg.centerAt(node.x, node.y, 500);
        if (state.fg.zoom() < 2.5) state.fg.zoom(kind === "local" ? 2 : 3, 500);
      }
    }

    function step(direction) {
      const nodes = state.data.nodes;
      let ring;
      if (state.selected) {
        ring = nodes.filter((n) => state.focusSet && state.focusSet.has(n.id) && n !== state.selected);
      }
      if (!ring || !ring.length) ring = nodes.slice().sort((a, b) => b.degree - a.degree);
      ring.sort((a, b) => a.title.localeCompare(b.title));
      const at = ring.indexOf(state.lastStep);
      const next = ring[(at + direction + ring.length) % ring.length];
      state.lastStep = next;
      select(next, true);
    }

    function onKey(ev) {
      const fg = state.fg;
      if (!fg || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const k = fg.zoom();
      const c = fg.centerAt();
      const d = 60 / k;
      const keys = {
        ArrowLeft: () => fg.centerAt(c.x - d, c.y),
        ArrowRight: () => fg.centerAt(c.x + d, c.y),
        ArrowUp: () => fg.centerAt(c.x, c.y - d),
        ArrowDown: () => fg.centerAt(c.x, c.y + d),
        "+": () => fg.zoom(k * 1.3, 150),
        "=": () => fg.zoom(k * 1.3, 150),
        "-": () => fg.zoom(k / 1.3, 150),
        0: () => fg.zoomToFit(300, 30),
        "]": () => step(1),
        "[": () => step(-1),
        Enter: () => open(state.selected, ev),
        Escape: () => select(null),
      };
      const action = keys[ev.key];
      if (action) {
        ev.preventDefault();
        ev.stopPropagation(); // keep Material's page shortcuts out of the graph
        action();
      }
    }

    // -------------------------------------------------------------- controls

    function describe() {
      const n = state.data.nodes.length;
      const m = state.data.links.length;
      const keys = "Arrow keys pan, plus and minus zoom, ] and [ step through concepts, " +
        "Enter opens the selected one.";
      if (kind === "explorer") {
        canvasHost.setAttribute("aria-label", `Concept graph: ${n} concepts, ${m} relations. ` +
          `${keys} Every concept is also listed as a link below the graph.`);
      } else {
        const title = state.graph.byId.get(state.center).title;
        canvasHost.setAttribute("aria-label", `Graph of the ${n - 1} concepts around ${title}. ` +
          `${keys} The relations panel of this page lists the same links as text.`);
      }
      status.textContent = kind === "explorer"
        ? `${n} concepts, ${m} relations. Hover a concept to see its neighbours; click to open it.` +
          (m > LARGE && !state.settledOnce ? " Relations appear once the layout has settled." : "")
        : "";
    }

    function buildControls() {
      controls.replaceChildren();
      if (kind === "explorer") {
        controls.append(buildSearch());
        controls.append(buildFilter());
        controls.append(buildFamilyLegend());
        host.append(buildList());
      } else {
        const toggle = el("button", {
          type: "button", class: "cg-depth", "aria-pressed": String(state.depth === 2),
        }, state.depth === 2 ? "Show direct neighbours only" : "Show two steps away");
        on(toggle, "click", () => {
          state.depth = state.depth === 2 ? 1 : 2;
          host.setAttribute("data-depth", String(state.depth));
          toggle.setAttribute("aria-pressed", String(state.depth === 2));
          toggle.textContent = state.depth === 2 ? "Show direct neighbours only" : "Show two steps away";
          state.data = buildData();
          state.selected = state.hover = null;
          state.focusSet = null;
          state.fitted = false;
          state.layoutDone = false;
          host.removeAttribute("data-layout");
          host.setAttribute("data-node-count", String(state.data.nodes.length));
          state.fg.graphData(state.data);
          paintLegend();
          describe();
        });
        controls.append(toggle, buildRelationLegend());
      }
      paintLegend();
    }

    function buildSearch() {
      const box = el("div", { class: "cg-search" });
      const inputId = `cg-search-${id}`;
      const listId = `cg-search-results-${id}`;
      const label = el("label", { for: inputId }, "Find a concept");
      const input = el("input", {
        id: inputId, type: "search", class: "cg-search-input", autocomplete: "off",
        role: "combobox", "aria-expanded": "false", "aria-controls": listId,
        "aria-autocomplete": "list", placeholder: "Title contains…",
      });
      const list = el("ul", { id: listId, class: "cg-search-results", role: "listbox" });
      box.append(label, input, list);
      let results = [];
      let active = -1;

      const render = () => {
        list.replaceChildren(...results.map((n, i) => {
          const li = el("li", {
            id: `${listId}-${i}`, role: "option", "aria-selected": String(i === active),
            class: "cg-search-result",
          }, n.title);
          on(li, "mousedown", (ev) => { ev.preventDefault(); choose(i); });
          return li;
        }));
        input.setAttribute("aria-expanded", String(results.length > 0));
        if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${active}`);
        else input.removeAttribute("aria-activedescendant");
      };
      const choose = (i) => {
        const n = results[i];
        if (!n) return;
        results = [];
        active = -1;
        render();
        select(n, true);
      };
      on(input, "input", () => {
        const q = input.value.trim().toLowerCase();
        results = !q ? [] : state.data.nodes
          .filter((n) => n.title.toLowerCase().includes(q))
          .sort((a, b) => (b.title.toLowerCase().startsWith(q) - a.title.toLowerCase().startsWith(q))
            || b.degree - a.degree || a.title.localeCompare(b.title))
          .slice(0, 12);
        active = results.length ? 0 : -1;
        render();
      });
      on(input, "keydown", (ev) => {
        if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
          if (!results.length) return;
          ev.preventDefault();
          active = (active + (ev.key === "ArrowDown" ? 1 : -1) + results.length) % results.length;
          render();
        } else if (ev.key === "Enter") {
          ev.preventDefault();
          if (results.length) choose(Math.max(active, 0));
          else if (state.selected) open(state.selected, ev);
        } else if (ev.key === "Escape") {
          results = [];
          render();
        }
      });
      on(input, "blur", () => { results = []; render(); });
      return box;
    }

    function buildFilter() {
      const fieldset = el("fieldset", { class: "cg-filter" });
      fieldset.append(el("legend", null, "Relations"));
      const counts = new Map();
      for (const l of state.data.links) counts.set(l.relation, (counts.get(l.relation) || 0) + 1);
      for (const r of state.graph.relations) {
        if (!counts.has(r.key)) continue;
        const label = el("label", { class: "cg-filter-item" });
        const box = el("input", { type: "checkbox", value: r.key });
        box.checked = state.active.has(r.key);
        on(box, "change", () => {
          if (box.checked) state.active.add(r.key);
          else state.active.delete(r.key);
          refocus();
          redraw();
        });
        label.append(box, el("span", { class: "cg-swatch cg-swatch--line", "data-relation": r.key }),
          el("span", null, `${r.label} (${counts.get(r.key)})`));
        fieldset.append(label);
      }
      const all = el("button", { type: "button", class: "cg-filter-all" }, "All");
      const none = el("button", { type: "button", class: "cg-filter-none" }, "None");
      const setAll = (checked) => {
        fieldset.querySelectorAll("input[type=checkbox]").forEach((b) => {
          if (b.checked !== checked) { b.checked = checked; b.dispatchEvent(new Event("change")); }
        });
      };
      on(all, "click", () => setAll(true));
      on(none, "click", () => setAll(false));
      fieldset.append(el("span", { class: "cg-filter-buttons" }), all, none);
      state.legend = fieldset;
      paintLegend();
      return fieldset;
    }

    function buildRelationLegend() {
      const legend = el("ul", { class: "cg-legend", "aria-label": "Edge colours" });
      const present = new Set(state.data.links.map((l) => l.relation));
      for (const r of state.graph.relations) {
        if (!present.has(r.key)) continue;
        const li = el("li");
        li.append(el("span", { class: "cg-swatch cg-swatch--line", "data-relation": r.key }),
          el("span", null, r.label));
        legend.append(li);
      }
      state.legend = legend;
      paintLegend();
      return legend;
    }

    function buildFamilyLegend() {
      const legend = el("ul", { class: "cg-legend cg-legend--families", "aria-label": "Node colours" });
      const sizes = new Map();
      for (const n of state.data.nodes) {
        if (n.family) sizes.set(n.family, (sizes.get(n.family) || 0) + 1);
      }
      const top = [...sizes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
      for (const [family] of top) {
        const root = state.graph.byId.get(family);
        const li = el("li");
        li.append(el("span", { class: "cg-swatch cg-swatch--dot", "data-family": family }),
          el("span", null, root ? root.title : family));
        legend.append(li);
      }
      if (sizes.size > top.length) legend.append(el("li", null, `and ${sizes.size - top.length} more`));
      state.familyLegend = legend;
      return legend;
    }

    function paintLegend() {
      const theme = state.theme;
      for (const root of [state.legend, state.familyLegend]) {
        if (!root) continue;
        root.querySelectorAll("[data-relation]").forEach((s) => {
          const c = theme.relation.get(s.getAttribute("data-relation"));
          if (c) s.style.backgroundColor = c.full;
        });
        root.querySelectorAll("[data-family]").forEach((s) => {
          const c = theme.family.get(s.getAttribute("data-family"));
          if (c) s.style.backgroundColor = c.full;
        });
      }
    }

    function buildList() {
      const details = el("details", { class: "cg-list" });
      details.append(el("summary", null, `All ${state.data.nodes.length} concepts as a list`));
      const ul = el("ul");
      const root = siteRoot();
      const sorted = state.data.nodes.slice().sort((a, b) => a.title.localeCompare(b.title));
      for (const n of sorted) {
        const li = el("li");
        if (n.url) li.append(el("a", { href: new URL(n.url, root).href }, n.title));
        else li.textContent = n.title;
        ul.append(li);
      }
      details.append(ul);
      return details;
    }
  }

  // ---------------------------------------------------------------- page lifecycle

  function remountAll() {
    instances.slice().forEach((inst) => inst.destroy());
    if (typeof window.ForceGraph !== "function") return;
    const explorer = document.getElementById("cg-graph");
    if (explorer) mount(explorer, "explorer");
    document.querySelectorAll(".cg-local-graph[data-node]").forEach((host) => {
      if (!host.closest(".md-tooltip2")) mount(host, "local");
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(remountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", remountAll, { once: true });
  } else {
    remountAll();
  }
})();
