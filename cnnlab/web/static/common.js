// Shared helpers for the cnnlab pages: API calls, number formatting, a colour map, an SVG line chart.
"use strict";

const cnn = (() => {
  async function getJSON(url) {
    const response = await fetch(url);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail || `${url}: HTTP ${response.status}`);
    return body;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  const pct = (x, digits = 1) => (x == null ? "—" : `${(100 * x).toFixed(digits)}%`);
  const num = (x, digits = 3) => (x == null ? "—" : Number(x).toFixed(digits));

  // Viridis, sampled at 9 points and interpolated into a 256-entry RGB table.
  const VIRIDIS_STOPS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962",
    "#addc30", "#fde725"].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const VIRIDIS = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (VIRIDIS_STOPS.length - 1);
    const k = Math.min(Math.floor(t), VIRIDIS_STOPS.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) {
      VIRIDIS[3 * i + c] = VIRIDIS_STOPS[k][c] * (1 - f) + VIRIDIS_STOPS[k + 1][c] * f;
    }
  }

  const PALETTE = ["#1c7ed6", "#d9480f", "#2b8a3e", "#ae3ec9", "#f08c00", "#0c8599", "#c2255c", "#5f3dc4",
    "#495057", "#74b816"];

  // A line chart as inline SVG. series: [{name, color, points: [[x, y], ...]}]
  function lineChart(title, series, { xLabel = "", yLabel = "", yMin = null, yMax = null } = {}) {
    const W = 460, H = 260, L = 52, R = 12, T = 28, B = 40;
    const pts = series.flatMap((s) => s.points).filter((p) => p[1] != null && Number.isFinite(p[1]));
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const add = (tag, attrs, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text != null) node.textContent = text;
      svg.append(node);
      return node;
    };
    add("text", { x: L, y: 16, class: "title" }, title);
    if (!pts.length) {
      add("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no data yet");
      return svg;
    }
    let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
    let y0 = yMin ?? Math.min(...pts.map((p) => p[1]));
    let y1 = yMax ?? Math.max(...pts.map((p) => p[1]));
    if (x1 === x0) { x0 -= 1; x1 += 1; }
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
    const sy = (y) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
    for (let i = 0; i <= 4; i++) {
      const y = y0 + ((y1 - y0) * i) / 4;
      add("line", { x1: L, x2: W - R, y1: sy(y), y2: sy(y), class: "grid" });
      add("text", { x: L - 6, y: sy(y) + 4, "text-anchor": "end" }, Math.abs(y1 - y0) < 0.1 ? y.toFixed(3) : y.toFixed(2));
    }
    // x ticks: whole numbers (epochs, steps), at most 6 of them
    const every = Math.max(1, Math.ceil((x1 - x0) / 5));
    for (let x = Math.ceil(x0); x <= x1; x += every) {
      add("text", { x: sx(x), y: H - B + 16, "text-anchor": "middle" }, String(x));
    }
    add("line", { x1: L, x2: L, y1: T, y2: H - B, class: "axis" });
    add("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" });
    add("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, xLabel);
    add("text", { x: 12, y: (T + H - B) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${(T + H - B) / 2})` }, yLabel);
    for (const s of series) {
      const good = s.points.filter((p) => p[1] != null && Number.isFinite(p[1]));
      if (!good.length) continue;
      add("polyline", {
        points: good.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" "),
        fill: "none", stroke: s.color, "stroke-width": 2, "stroke-dasharray": s.dash || "",
      });
      if (good.length < 30) {
        for (const p of good) add("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 2.5, fill: s.color });
      }
    }
    return svg;
  }

  return { getJSON, el, pct, num, VIRIDIS, PALETTE, lineChart };
})();
