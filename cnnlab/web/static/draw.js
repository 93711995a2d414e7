// The draw page: a canvas for pointer input (mouse, pen, touch), sent to POST /api/layers while the
// user draws (at most one request in flight, the latest drawing always sent last), and the answer drawn:
// the prediction, the 28x28 input, the class probabilities and every layer's feature maps.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const pad = $("pad");
  const ctx = pad.getContext("2d");
  const modelSelect = $("model");
  const THROTTLE_MS = 150;

  let drawing = false;
  let last = null;
  let hasInk = false;
  let lastUpload = null; // an uploaded file stays the input until the user draws or clears
  let timer = null;
  let inFlight = false;
  let dirty = false;
  let generation = 0; // bumped by Clear and uploads: answers about an older picture are dropped

  // ---- model list -------------------------------------------------------------------------------
  async function loadModels() {
    try {
      const models = await cnn.getJSON("/api/models");
      modelSelect.replaceChildren();
      for (const m of models) {
        const acc = m.test_accuracy == null ? "" : ` · ${cnn.pct(m.test_accuracy)}`;
        modelSelect.append(cnn.el("option", { value: m.id, text: `${m.name}${acc}` }));
      }
      const wanted = new URLSearchParams(location.search).get("model");
      if (wanted && models.some((m) => m.id === wanted)) modelSelect.value = wanted;
      if (!models.length) status("No models yet: train one, or start cnnlab serve on a checkpoint.", true);
    } catch (e) {
      status(e.message, true);
    }
  }
  modelSelect.addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("model", modelSelect.value);
    history.replaceState(null, "", url);
    $("layers").replaceChildren();
    if (hasInk || lastUpload) schedule(0);
  });

  // ---- drawing ----------------------------------------------------------------------------------
  function clearPad() {
    generation += 1;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, pad.width, pad.height);
    hasInk = false;
    lastUpload = null;
  }

  function point(e) {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height];
  }

  function stroke(from, to) {
    ctx.strokeStyle = "#111";
    ctx.lineWidth = Number($("pen").value);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
  }

  pad.addEventListener("pointerdown", (e) => {
    if (e.pointerType === "mouse" && e.button !== 0) return;
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    drawing = true;
    lastUpload = null;
    last = point(e);
    stroke(last, last); // a tap leaves a dot
    hasInk = true;
    schedule();
  });
  pad.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    for (const ev of events.length ? events : [e]) {
      const p = point(ev);
      stroke(last, p);
      last = p;
    }
    schedule();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    schedule(0);
  };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);

  $("clear").addEventListener("click", () => {
    clearPad();
    resetResult();
  });

  $("upload").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    clearPad();
    try { // show it on the pad; the original file is what gets classified
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(pad.width / bitmap.width, pad.height / bitmap.height);
      const w = bitmap.width * scale, h = bitmap.height * scale;
      ctx.drawImage(bitmap, (pad.width - w) / 2, (pad.height - h) / 2, w, h);
    } catch {
      // the browser cannot show it; the server will say what is wrong with it
    }
    lastUpload = file;
    schedule(0);
  });

  // ---- requests: throttled while drawing, never more than one in flight -----------------------
  function schedule(delay = THROTTLE_MS) {
    dirty = true;
    document.body.dataset.state = "busy";
    if (timer !== null) {
      if (delay > 0) return;
      clearTimeout(timer);
    }
    timer = setTimeout(() => { timer = null; pump(); }, delay);
  }

  async function pump() {
    if (inFlight) return;
    if (!dirty || !(hasInk || lastUpload)) {
      dirty = false;
      settle();
      return;
    }
    dirty = false;
    inFlight = true;
    try {
      const blob = lastUpload || (await new Promise((resolve) => pad.toBlob(resolve, "image/png")));
      await analyse(blob, lastUpload ? lastUpload.name : "drawing.png", generation);
    } finally {
      inFlight = false;
      if (dirty && timer === null) pump();
      else settle();
    }
  }

  function settle() {
    if (!inFlight && !dirty && timer === null) document.body.dataset.state = "idle";
  }

  async function analyse(blob, name, asked) {
    const form = new FormData();
    form.append("file", blob, name);
    if (modelSelect.value) form.append("model", modelSelect.value);
    const started = performance.now();
    let response, body;
    try {
      response = await fetch("/api/layers", { method: "POST", body: form });
      body = await response.json();
    } catch (e) {
      status(`the server did not answer (${e.message})`, true);
      return;
    }
    if (asked !== generation) return; // cleared while the request was out
    if (!response.ok) {
      status(body.detail || `HTTP ${response.status}`, true);
      return;
    }
    render(body);
    document.dispatchEvent(new CustomEvent("cnnlab:analysed", { detail: { blob, name, model: modelSelect.value } }));
    status(`${body.layers.length} layers in ${Math.round(performance.now() - started)} ms`);
  }

  // ---- rendering ----------------------------------------------------------------------------------
  function status(text, isError = false) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("error", isError);
  }

  function resetResult() {
    $("label").textContent = "–";
    $("label").dataset.label = "";
    $("confidence").textContent = "draw something";
    renderBars([], []);
    const input = $("input").getContext("2d");
    input.clearRect(0, 0, 28, 28);
    $("layers").replaceChildren();
    status("");
  }

  function render(result) {
    $("label").textContent = result.label;
    $("label").dataset.label = result.label;
    $("confidence").textContent = `${cnn.pct(result.confidence)} sure`;
    renderInput(result.input);
    renderBars(result.classes, result.probabilities);
    renderLayers(result);
  }

  function renderInput(rows) {
    const grey = Array.isArray(rows[0][0]) ? rows[0] : rows; // colour models: show the first channel
    const canvas = $("input");
    canvas.width = grey[0].length;
    canvas.height = grey.length;
    const image = new ImageData(canvas.width, canvas.height);
    grey.flat().forEach((v, i) => {
      const g = Math.round(255 * v);
      image.data.set([g, g, g, 255], 4 * i);
    });
    canvas.getContext("2d").putImageData(image, 0, 0);
  }

  function renderBars(classes, probabilities) {
    const bars = $("bars");
    const best = probabilities.length ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    if (bars.children.length !== 3 * classes.length) {
      bars.replaceChildren();
      classes.forEach((name) => {
        bars.append(cnn.el("span", { class: "name", text: name }),
          cnn.el("div", { class: "track" }, cnn.el("div", { class: "fill" })),
          cnn.el("span", { class: "pct" }));
      });
    }
    probabilities.forEach((p, i) => {
      const [name, track, value] = [...bars.children].slice(3 * i, 3 * i + 3);
      track.firstChild.style.width = `${(100 * p).toFixed(1)}%`;
      value.textContent = cnn.pct(p);
      for (const node of [name, track, value]) node.classList.toggle("top", i === best);
    });
  }

  function decode(b64) {
    const raw = atob(b64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // Layer sections are kept between answers (keyed by model, name and shape) so updates do not flicker.
  function layerSection(container, key, layer, build) {
    let section = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (!section) {
      const shape = layer.shape.join("×");
      section = cnn.el("div", { class: "layer", "data-key": key, "data-layer": layer.name },
        cnn.el("div", { class: "layer-head" }, cnn.el("span", { class: "name", text: layer.name }),
          cnn.el("span", { class: "desc", text: layer.description }), cnn.el("span", { class: "shape", text: shape })),
        build());
    }
    container.append(section); // (re)appending keeps the order of the answer
    return section;
  }

  function renderLayers(result) {
    const container = $("layers");
    const keep = new Set();
    for (const layer of result.layers) {
      const key = `${result.model}/${layer.name}/${layer.shape.join("x")}`;
      keep.add(key);
      if (layer.data) drawMaps(layerSection(container, key, layer, () => tilesFor(layer)), layer);
      else drawVector(layerSection(container, key, layer, () => cnn.el("canvas", { class: "vector" })), layer, result.classes);
    }
    for (const section of [...container.children]) if (!keep.has(section.dataset.key)) section.remove();
  }

  function tilesFor(layer) {
    const [c, h, w] = layer.shape;
    const zoom = Math.max(1, Math.round(54 / Math.max(h, w)));
    const tiles = cnn.el("div", { class: "tiles" });
    for (let i = 0; i < c; i++) {
      const canvas = cnn.el("canvas", { width: w, height: h });
      canvas.style.width = `${w * zoom}px`;
      canvas.style.height = `${h * zoom}px`;
      tiles.append(canvas);
    }
    // the layer's one colour scale: a bar from its lowest to its highest value
    const scale = cnn.el("div", { class: "scale" }, cnn.el("span", { class: "lo" }),
      cnn.el("canvas", { width: 256, height: 1, class: "ramp" }), cnn.el("span", { class: "hi" }),
      cnn.el("span", { class: "what" }));
    return cnn.el("div", {}, scale, tiles);
  }

  function drawScale(section, scale) {
    const bar = section.querySelector(".scale canvas");
    const image = new ImageData(256, 1);
    for (let i = 0; i < 256; i++) image.data.set([scale.lut[3 * i], scale.lut[3 * i + 1], scale.lut[3 * i + 2], 255], 4 * i);
    bar.getContext("2d").putImageData(image, 0, 0);
    const fmt = (v) => Number(v.toPrecision(3)).toString();
    section.querySelector(".scale .lo").textContent = fmt(scale.lo);
    section.querySelector(".scale .hi").textContent = fmt(scale.hi);
    section.querySelector(".scale .what").textContent = scale.signed
      ? "one scale for all tiles: blue < 0 < red, white = 0" : "one scale for all tiles, from 0";
  }

  // Each channel arrives scaled to its own 0..255 with its true min and max: the values are rebuilt and
  // drawn on one scale for the whole layer, as the CLI figures do.
  function drawMaps(section, layer) {
    const [c, h, w] = layer.shape;
    const bytes = decode(layer.data);
    const canvases = section.querySelectorAll(".tiles canvas");
    const scale = cnn.scaleFor(Math.min(...layer.min), Math.max(...layer.max));
    drawScale(section, scale);
    for (let i = 0; i < c; i++) {
      const image = new ImageData(w, h);
      const lo = layer.min[i], span = (layer.max[i] - layer.min[i]) / 255;
      for (let j = 0; j < h * w; j++) {
        const [r, g, b] = cnn.colorOf(scale, lo + bytes[i * h * w + j] * span);
        image.data[4 * j] = r;
        image.data[4 * j + 1] = g;
        image.data[4 * j + 2] = b;
        image.data[4 * j + 3] = 255;
      }
      canvases[i].getContext("2d").putImageData(image, 0, 0);
      canvases[i].title = `channel ${i}: ${layer.min[i]} … ${layer.max[i]}`;
    }
  }

  function drawVector(section, layer, classes) {
    const canvas = section.querySelector("canvas");
    const values = layer.values;
    const labelled = values.length === classes.length;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 800, height = canvas.clientHeight || 90;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const bottom = labelled ? height - 16 : height - 2;
    const lo = Math.min(0, ...values), hi = Math.max(0, ...values);
    const span = hi - lo || 1;
    const zero = 2 + ((hi - 0) / span) * (bottom - 4);
    const step = Math.min(width / values.length, labelled ? 48 : 14);
    values.forEach((v, i) => {
      const y = 2 + ((hi - v) / span) * (bottom - 4);
      g.fillStyle = v >= 0 ? cnn.COLORS.POSITIVE : cnn.COLORS.NEGATIVE;
      g.fillRect(i * step + step * 0.1, Math.min(y, zero), step * 0.8, Math.max(1, Math.abs(zero - y)));
      if (labelled) {
        g.fillStyle = "#6b7785";
        g.font = "11px system-ui, sans-serif";
        g.textAlign = "center";
        g.fillText(classes[i], i * step + step / 2, height - 3);
      }
    });
    g.fillStyle = "#9aa5b1";
    g.fillRect(0, zero, values.length * step, 1);
  }

  clearPad();
  resetResult();
  loadModels();
})();
