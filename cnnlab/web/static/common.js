// Shared helpers for the cnnlab pages: API calls, number formatting, the colour convention, an SVG line chart.
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

  // The one colour convention (cnnlab/inspect/colors.py holds the same stops; a test checks they agree):
  // signed values on a diverging map centred on 0 (blue < 0 < red, white = 0), non-negative ones on viridis.
  const COLORS = {
    DIVERGING_STOPS: ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"],
    SEQUENTIAL_STOPS: ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962",
      "#addc30", "#fde725"],
    POSITIVE: "#b2182b",
    NEGATIVE: "#2166ac",
  };

  // A 256-entry RGB table interpolated linearly between evenly spaced stops (as matplotlib's from_list does).
  function table(stops) {
    const rgb = stops.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const lut = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) {
      const t = (i / 255) * (rgb.length - 1);
      const k = Math.min(Math.floor(t), rgb.length - 2);
      const f = t - k;
      for (let c = 0; c < 3; c++) lut[3 * i + c] = Math.round(rgb[k][c] * (1 - f) + rgb[k + 1][c] * f);
    }
    return lut;
  }
  const VIRIDIS = table(COLORS.SEQUENTIAL_STOPS);
  const DIVERGING = table(COLORS.DIVERGING_STOPS);

  // The colour scale for a set of values: diverging and symmetric when any is negative, else viridis from 0.
  function scaleFor(lo, hi) {
    if (lo < 0) {
      const bound = Math.max(-lo, hi) || 1;
      return { lut: DIVERGING, lo: -bound, hi: bound, signed: true };
    }
    return { lut: VIRIDIS, lo: 0, hi: hi > 0 ? hi : 1, signed: false };
  }
  // [r, g, b] of value v under a scale
  function colorOf(scale, v) {
    const i = Math.max(0, Math.min(255, Math.round(((v - scale.lo) / (scale.hi - scale.lo)) * 255)));
    return [scale.lut[3 * i], scale.lut[3 * i + 1], scale.lut[3 * i + 2]];
  }

  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"]; // the report's configuration colours (cnnlab/report/figures.py PALETTE)

  // Rounded ("nice") tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
  function niceTicks(lo, hi, count = 5) {
    if (!(hi > lo)) return [lo];
    const raw = (hi - lo) / Math.max(1, count);
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
    const ticks = [];
    for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
    if (ticks[0] > lo) ticks.unshift(+(ticks[0] - step).toPrecision(12));
    if (ticks[ticks.length - 1] < hi) ticks.push(+(ticks[ticks.length - 1] + step).toPrecision(12));
    return ticks;
  }
  function tickText(v, step) {
    const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return Math.abs(v) >= 1e5 || (Math.abs(v) > 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : v.toFixed(digits);
  }

  // A line chart as inline SVG with rounded ticks, a legend and a tooltip at the nearest point.
  // series: [{name, color, dash, points: [[x, y], ...]}]; options: xLabel, yLabel, yUnit ("%" scales 0-1 to
  // percent), legend: [{name, color, dash}] (default: one entry per series name).
  function lineChart(title, series, { xLabel = "", yLabel = "", yUnit = "", legend = null } = {}) {
    const W = 460, H = 270, L = 50, R = 12, T = 28, B = 40;
    const k = yUnit === "%" ? 100 : 1;
    const fin = (p) => p[1] != null && Number.isFinite(p[1]) && Number.isFinite(p[0]);
    const data = series.map((s) => ({ ...s, good: s.points.filter(fin).map(([x, y]) => [x, k * y]) }));
    const pts = data.flatMap((s) => s.good);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", title);
    const add = (tag, attrs, text, parent = svg) => {
      const node = document.createElementNS(ns, tag);
      for (const [a, v] of Object.entries(attrs)) node.setAttribute(a, v);
      if (text != null) node.textContent = text;
      parent.append(node);
      return node;
    };
    add("text", { x: L, y: 16, class: "title" }, title);
    const box = el("div", { class: "chart" });
    box.append(svg);
    if (!pts.length) {
      add("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no data yet");
      return box;
    }
    let [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
    let [y0, y1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
    if (x1 === x0) { x0 -= 1; x1 += 1; }
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const yt = niceTicks(y0, y1, 5);
    // x is whole epochs or steps: integer ticks only (every integer when the range is short)
    let xt = niceTicks(x0, x1, 5).filter((x) => Number.isInteger(x) && x >= x0 && x <= x1);
    if (xt.length < 2) xt = Array.from({ length: Math.floor(x1) - Math.ceil(x0) + 1 }, (_, i) => Math.ceil(x0) + i);
    [y0, y1] = [yt[0], yt[yt.length - 1]];
    const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
    const sy = (y) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
    const ystep = yt.length > 1 ? yt[1] - yt[0] : 1, xstep = xt.length > 1 ? xt[1] - xt[0] : 1;
    for (const y of yt) {
      add("line", { x1: L, x2: W - R, y1: sy(y), y2: sy(y), class: "grid" });
      add("text", { x: L - 6, y: sy(y) + 4, "text-anchor": "end", class: "tick" }, tickText(y, ystep) + (k === 100 ? "%" : ""));
    }
    for (const x of xt) {
      if (x < x0 - 1e-9 || x > x1 + 1e-9) continue;
      add("text", { x: sx(x), y: H - B + 16, "text-anchor": "middle", class: "tick" }, tickText(x, xstep));
    }
    add("line", { x1: L, x2: L, y1: T, y2: H - B, class: "axis" });
    add("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" });
    add("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, xLabel);
    add("text", { x: 12, y: (T + H - B) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${(T + H - B) / 2})` },
      yLabel + (k === 100 ? " (%)" : ""));
    for (const s of data) {
      if (!s.good.length) continue;
      add("polyline", {
        points: s.good.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" "),
        fill: "none", stroke: s.color, "stroke-width": 2, "stroke-dasharray": s.dash || "",
      });
      if (s.good.length < 30) for (const p of s.good) add("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 2.5, fill: s.color });
    }
    // tooltip: the nearest point to the pointer, its series and value
    const mark = add("circle", { r: 4.5, class: "hover", visibility: "hidden" });
    const tip = el("div", { class: "tooltip", role: "tooltip", hidden: "" });
    box.append(tip);
    svg.addEventListener("pointermove", (event) => {
      const r = svg.getBoundingClientRect();
      const px = ((event.clientX - r.left) / r.width) * W, py = ((event.clientY - r.top) / r.height) * H;
      let best = null;
      for (const s of data) for (const p of s.good) {
        const d = (sx(p[0]) - px) ** 2 + (sy(p[1]) - py) ** 2;
        if (!best || d < best.d) best = { d, s, p };
      }
      if (!best) return;
      mark.setAttribute("cx", sx(best.p[0]));
      mark.setAttribute("cy", sy(best.p[1]));
      mark.setAttribute("fill", best.s.color);
      mark.setAttribute("visibility", "visible");
      const value = k === 100 ? `${best.p[1].toFixed(2)}%` : Number(best.p[1].toPrecision(4)).toString();
      tip.textContent = `${best.s.name}: ${value} at ${xLabel || "x"} ${best.p[0]}`;
      tip.hidden = false;
      tip.style.left = `${(sx(best.p[0]) / W) * 100}%`;
      tip.style.top = `${(sy(best.p[1]) / H) * 100}%`;
    });
    svg.addEventListener("pointerleave", () => { tip.hidden = true; mark.setAttribute("visibility", "hidden"); });
    const entries = legend || [...new Map(data.map((s) => [s.name, { name: s.name, color: s.color, dash: s.dash }])).values()];
    const key = el("ul", { class: "legend" });
    for (const entry of entries) {
      const swatch = document.createElementNS(ns, "svg");
      swatch.setAttribute("viewBox", "0 0 24 8");
      swatch.setAttribute("class", "key");
      add("line", { x1: 0, x2: 24, y1: 4, y2: 4, stroke: entry.color || "#6b7785", "stroke-width": 2.5,
        "stroke-dasharray": entry.dash || "" }, null, swatch);
      key.append(el("li", {}, swatch, entry.name));
    }
    box.append(key);
    return box;
  }

  return { getJSON, el, pct, num, COLORS, VIRIDIS, DIVERGING, scaleFor, colorOf, PALETTE, niceTicks, lineChart };
})();
