// Why did it decide? The attribution of the current prediction, drawn over the 28x28 input, live.
// draw.js announces each image it classified ("cnnlab:analysed", with the image); this script sends
// the same image to POST /api/explain with the chosen method (one request in flight, the latest wins)
// and paints the signed map: red = evidence for the class, blue = against, white = none.
(() => {
  "use strict";
  const METHODS = [
    ["saliency", "saliency (gradient)"],
    ["smoothgrad", "SmoothGrad (averaged gradient)"],
    ["integrated-gradients", "integrated gradients"],
    ["gradcam", "Grad-CAM (last conv layer)"],
    ["occlusion", "occlusion"],
  ];
  // cnnlab's diverging stops (common.js's cnn.COLORS where this version has them, else matplotlib's RdBu_r),
  // from -1 (blue) through 0 (white) to 1 (red)
  const shared = window.cnn && cnn.COLORS && cnn.COLORS.DIVERGING_STOPS;
  const STOPS = shared
    ? shared.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)))
    : [[5, 48, 97], [67, 147, 195], [247, 247, 247], [214, 96, 77], [103, 0, 31]];

  const root = document.getElementById("explain");
  if (!root) return;
  const select = document.createElement("select");
  select.id = "explain-method";
  select.setAttribute("aria-label", "explanation method");
  for (const [value, text] of METHODS) select.append(new Option(text, value));
  const canvas = document.createElement("canvas");
  canvas.id = "explain-map";
  canvas.width = 28;
  canvas.height = 28;
  canvas.style.cssText = "width: 168px; height: 168px; image-rendering: pixelated; border: 1px solid #ccc";
  const caption = document.createElement("p");
  caption.id = "explain-caption";
  caption.className = "hint";
  caption.textContent = "draw something: red pixels speak for the prediction, blue against it";
  // the heat map's colour scale: a bar from its lowest to its highest value, as the CLI figures' colour bar
  const scale = document.createElement("div");
  scale.className = "scale";
  scale.id = "explain-scale";
  const low = document.createElement("span");
  low.className = "lo";
  const bar = document.createElement("canvas");
  bar.width = 256;
  bar.height = 1;
  const high = document.createElement("span");
  high.className = "hi";
  const what = document.createElement("span");
  what.className = "what";
  scale.append(low, bar, high, what);
  scale.style.display = "none"; // until a map is drawn (the class sets display: flex)
  const heading = document.createElement("h2");
  heading.textContent = "Why? ";
  heading.append(select);
  root.replaceChildren(heading, canvas, scale, caption);
  root.dataset.state = "idle";

  let latest = null; // {blob, name, model} of the newest classified image
  let inFlight = false;
  let pending = false;
  let generation = 0;

  function colour(v) { // v in [-1, 1]
    const t = ((Math.max(-1, Math.min(1, v)) + 1) / 2) * (STOPS.length - 1);
    const i = Math.min(STOPS.length - 2, Math.floor(t));
    const f = t - i;
    return STOPS[i].map((c, k) => c + (STOPS[i + 1][k] - c) * f);
  }

  function number(v) {
    return Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? Number(v.toPrecision(2)).toString() : v.toExponential(1);
  }

  function drawScale(result) {
    const from = result.signed ? -1 : 0; // a ReLU map runs from 0 (white) to its largest value (red)
    const image = new ImageData(bar.width, 1);
    for (let i = 0; i < bar.width; i++) {
      image.data.set([...colour(from + ((1 - from) * i) / (bar.width - 1)), 255], 4 * i);
    }
    bar.getContext("2d").putImageData(image, 0, 0);
    low.textContent = result.signed ? `−${number(result.bound)}` : "0";
    high.textContent = `+${number(result.bound)}`;
    what.textContent = result.signed ? "blue against < 0 < red for" : "0 < red: evidence for";
    scale.dataset.lo = String(result.signed ? -result.bound : 0);
    scale.dataset.hi = String(result.bound);
    scale.style.display = "";
  }

  function paint(result) {
    drawScale(result);
    const rows = result.attribution;
    const grey = Array.isArray(result.input[0][0]) ? result.input[0] : result.input;
    canvas.height = rows.length;
    canvas.width = rows[0].length;
    const image = new ImageData(canvas.width, canvas.height);
    rows.flat().forEach((a, i) => {
      const shade = 1 - 0.35 * Math.max(0, Math.min(1, grey.flat()[i])); // the ink darkens; white stays 0
      const [r, g, b] = colour(a);
      image.data.set([r * shade, g * shade, b * shade, 255], 4 * i);
    });
    canvas.getContext("2d").putImageData(image, 0, 0);
    const layer = result.layer ? ` on ${result.layer}` : "";
    caption.textContent = `${select.selectedOptions[0].text}${layer} for ${result.target}` +
      ` (${Math.round(100 * result.confidence)}% sure): red for, blue against`;
    caption.classList.remove("error");
    root.dataset.target = result.target;
  }

  async function pump() {
    if (inFlight || !pending || !latest) return;
    pending = false;
    inFlight = true;
    root.dataset.state = "busy";
    const asked = generation;
    const form = new FormData();
    form.append("file", latest.blob, latest.name);
    if (latest.model) form.append("model", latest.model);
    form.append("method", select.value);
    try {
      const response = await fetch("/api/explain", { method: "POST", body: form });
      const body = await response.json();
      if (asked === generation) {
        if (response.ok) paint(body);
        else {
          caption.textContent = body.detail || `HTTP ${response.status}`;
          caption.classList.add("error");
        }
      }
    } catch (e) {
      caption.textContent = `the server did not answer (${e.message})`;
      caption.classList.add("error");
    } finally {
      inFlight = false;
      if (pending) pump();
      else root.dataset.state = "idle";
    }
  }

  document.addEventListener("cnnlab:analysed", (e) => {
    latest = e.detail;
    pending = true;
    pump();
  });
  select.addEventListener("change", () => {
    pending = latest !== null;
    pump();
  });
  const clear = document.getElementById("clear");
  if (clear) clear.addEventListener("click", () => {
    generation += 1;
    latest = null;
    pending = false;
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    scale.style.display = "none";
    caption.textContent = "draw something: red pixels speak for the prediction, blue against it";
    delete root.dataset.target;
  });
})();
