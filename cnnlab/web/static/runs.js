// The store browser: experiments, their runs (a sortable results table) and the selected runs' curves.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const COLUMNS = [
    ["label", "run", "text"], ["seed", "seed", "num0"], ["status", "status", "status"], ["epochs", "epochs", "num0"],
    ["test_accuracy", "test acc", "pct"], ["best_test_accuracy", "best test acc", "pct"],
    ["final_train_loss", "final train loss", "num"], ["wall_seconds", "wall time (s)", "num1"],
  ];
  const SEARCH_COLUMNS = [["trial", "trial", "num0"], ["rung", "rung", "num0"]]; // a [search] experiment's runs
  const FADED = "#c8ccd0"; // pruned trials' curves
  let runs = [];
  let selected = new Set();
  let sortKey = null;
  let ascending = false;
  const curves = new Map(); // run_id -> {epochs, steps}, fetched once

  async function loadExperiments() {
    const list = $("experiments");
    let experiments;
    try {
      experiments = await cnn.getJSON("/api/experiments");
    } catch (e) {
      list.replaceChildren(cnn.el("li", { class: "empty", text: e.message }));
      return;
    }
    if (!experiments.length) {
      list.replaceChildren(cnn.el("li", { class: "empty",
        text: "No experiments here. Run one with `cnnlab run SPEC.toml`, then `cnnlab serve cnnlab-runs`." }));
      return;
    }
    list.replaceChildren(...experiments.map((e) => {
      const item = cnn.el("li", { "data-name": e.name },
        cnn.el("div", { text: e.name }),
        cnn.el("div", { class: "meta", text: `${e.finished}/${e.runs} runs finished` +
          (e.diverged ? ` · ${e.diverged} diverged` : "") + (e.failed ? ` · ${e.failed} failed` : "") }));
      item.addEventListener("click", () => showExperiment(e, item));
      return item;
    }));
    const wanted = new URLSearchParams(location.search).get("experiment");
    const first = experiments.find((e) => e.name === wanted) || experiments[0];
    showExperiment(first, list.querySelector(`[data-name="${CSS.escape(first.name)}"]`));
  }

  function columns() {
    return runs.some((r) => r.trial != null) ? [...SEARCH_COLUMNS, ...COLUMNS] : COLUMNS;
  }

  async function showExperiment(experiment, item) {
    for (const li of $("experiments").children) li.classList.toggle("active", li === item);
    const url = new URL(location.href);
    url.searchParams.set("experiment", experiment.name);
    history.replaceState(null, "", url);
    const detail = $("detail");
    detail.replaceChildren(cnn.el("div", { class: "card" }, cnn.el("p", { class: "empty", text: "loading…" })));
    try {
      runs = await cnn.getJSON(`/api/experiments/${encodeURIComponent(experiment.name)}/runs`);
    } catch (e) {
      detail.replaceChildren(cnn.el("div", { class: "card" }, cnn.el("p", { class: "status error", text: e.message })));
      return;
    }
    const done = runs.filter((r) => r.test_accuracy != null);
    done.sort((a, b) => b.test_accuracy - a.test_accuracy);
    selected = new Set(done.slice(0, 5).map((r) => r.run_id));

    const head = cnn.el("div", { class: "card" }, cnn.el("h2", { text: experiment.name }));
    if (experiment.description) head.append(cnn.el("p", { class: "hint", text: experiment.description }));
    if (experiment.spec_toml) {
      head.append(cnn.el("details", {}, cnn.el("summary", { text: "experiment spec (TOML)" }),
        cnn.el("pre", { text: experiment.spec_toml })));
    }
    const table = cnn.el("div", { class: "card" }, cnn.el("h3", { text: `Runs (${runs.length})` }),
      cnn.el("p", { class: "hint", text: "Tick runs to draw their curves; click a column to sort." }),
      cnn.el("div", { id: "table", class: "table-scroll" }));
    const charts = cnn.el("div", { class: "card" }, cnn.el("h3", { text: "Learning curves" }),
      cnn.el("div", { id: "charts", class: "charts" }));
    detail.replaceChildren(head, table, charts);
    if (runs.some((r) => r.trial != null)) detail.insertBefore(await searchCard(experiment), table);
    renderTable();
    renderCharts();
  }

  // A search: its summary, every trial's curve of the search's metric (pruned ones faded), the best trial
  // with its repeats, and the settings' importances.
  async function searchCard(experiment) {
    const card = cnn.el("div", { class: "card" }, cnn.el("h3", { text: "Search" }));
    let s;
    try {
      s = await cnn.getJSON(`/api/experiments/${encodeURIComponent(experiment.name)}/search`);
    } catch (e) {
      card.append(cnn.el("p", { class: "status error", text: e.message }));
      return card;
    }
    const pruned = s.trials.filter((t) => t.status === "pruned").length;
    const rungs = s.rungs.length ? ` at epochs ${s.rungs.join(", ")}` : "";
    card.append(cnn.el("p", { class: "hint", text: `${s.trials.length} trials (${s.sampler} sampler, ${s.pruner} ` +
      `pruner${rungs} on ${s.metric}): ${pruned} pruned, ${s.epochs_spent} epochs spent.` }));
    const fmt = (v) => (v == null ? "—" : s.metric.endsWith("accuracy") ? cnn.pct(v, 2) : cnn.num(v, 4));
    if (s.best) {
      const settings = Object.entries(s.best.params).map(([k, v]) => `${k}=${v}`).join(" ");
      let text = `★ best trial ${s.best.trial} (${settings}): ${s.metric} ${fmt(s.best.value)}`;
      if (s.best_test_accuracy_ci95) {
        const [lo, hi] = s.best_test_accuracy_ci95;
        text += `; over ${s.best_repeats.length} seeds test accuracy ${cnn.pct(s.best_test_accuracy_mean, 2)} ` +
          `(95% CI ${cnn.pct(lo, 2)} – ${cnn.pct(hi, 2)})`;
      }
      card.append(cnn.el("p", { id: "search-best", text }));
    }
    let kept = 0;
    const series = [...s.trials].sort((a, b) => (a.status === "pruned" ? 0 : 1) - (b.status === "pruned" ? 0 : 1))
      .map((t) => {
        const best = s.best && t.trial === s.best.trial;
        const color = t.status === "pruned" ? FADED : best ? "#000000" : cnn.PALETTE[kept++ % cnn.PALETTE.length];
        return { name: `trial ${t.trial}`, color, dash: "", points: t.curve };
      });
    const legend = [{ name: "best trial", color: "#000000" }, { name: "trained to the end", color: cnn.PALETTE[0] },
      { name: "pruned", color: FADED }];
    const pct = s.metric.endsWith("accuracy");
    card.append(cnn.el("div", { class: "charts" }, cnn.lineChart(`every trial's ${s.metric.replace("_", " ")}`, series,
      { xLabel: "epoch", yLabel: pct ? "accuracy" : "loss", yUnit: pct ? "%" : "", legend })));
    if (s.importances) {
      const bars = cnn.el("div", { class: "importance", id: "search-importance" });
      Object.entries(s.importances).forEach(([name, v], i) => bars.append(cnn.el("span", { text: name }),
        cnn.el("span", { class: "bar", style: `width:${Math.round(100 * v)}%;background:${cnn.PALETTE[i % cnn.PALETTE.length]}` }),
        cnn.el("span", { class: "num", text: v.toFixed(2) })));
      card.append(cnn.el("p", { class: "hint", text: `importance of each setting (fANOVA, ${s.importance_target})` }), bars);
    }
    return card;
  }

  function cell(run, [key, , kind]) {
    const v = run[key];
    if (kind === "status") return cnn.el("td", {}, cnn.el("span", { class: `status-pill status-${v}`, text: v, title: run.message || "" }));
    if (kind === "text") return cnn.el("td", { text: v ?? run.run_id, title: run.run_id });
    const text = kind === "pct" ? cnn.pct(v, 2) : kind === "num0" ? (v ?? "—") : cnn.num(v, kind === "num1" ? 1 : 4);
    return cnn.el("td", { class: "num", text: String(text) });
  }

  function colour(runId) {
    const order = runs.map((r) => r.run_id).filter((id) => selected.has(id));
    const i = order.indexOf(runId);
    return i < 0 ? null : cnn.PALETTE[i % cnn.PALETTE.length];
  }

  function renderTable() {
    const rows = [...runs];
    if (sortKey) {
      rows.sort((a, b) => {
        const x = a[sortKey], y = b[sortKey];
        if (x == null) return 1;
        if (y == null) return -1;
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
    }
    const best = Math.max(...runs.map((r) => r.test_accuracy ?? -1));
    const header = cnn.el("tr", {}, cnn.el("th", { text: "" }), ...columns().map(([key, title]) => {
      const th = cnn.el("th", { text: title, class: key === sortKey ? `sorted${ascending ? " asc" : ""}` : "" });
      th.addEventListener("click", () => {
        ascending = sortKey === key ? !ascending : false;
        sortKey = key;
        renderTable();
      });
      return th;
    }), cnn.el("th", { text: "" }));
    const body = rows.map((run) => {
      const box = cnn.el("input", { type: "checkbox" });
      box.checked = selected.has(run.run_id);
      box.addEventListener("change", () => {
        if (box.checked) selected.add(run.run_id);
        else selected.delete(run.run_id);
        renderTable();
        renderCharts();
      });
      const c = colour(run.run_id);
      const pick = cnn.el("td", {}, box, " ", cnn.el("span", { class: "swatch", style: `background:${c || "transparent"}` }));
      const draw = run.model_id
        ? cnn.el("a", { href: `/?model=${encodeURIComponent(run.model_id)}`, text: "draw with it" })
        : "";
      const best_ = run.test_accuracy != null && run.test_accuracy === best ? "best" : "";
      const tr = cnn.el("tr", { class: run.status === "pruned" ? "pruned" : best_ },
        pick, ...columns().map((col) => cell(run, col)), cnn.el("td", {}, draw));
      return tr;
    });
    $("table").replaceChildren(cnn.el("table", {}, cnn.el("thead", {}, header), cnn.el("tbody", {}, ...body)));
  }

  async function curvesFor(runId) {
    if (!curves.has(runId)) curves.set(runId, await cnn.getJSON(`/api/runs/${encodeURIComponent(runId)}/curves`));
    return curves.get(runId);
  }

  async function renderCharts() {
    const chosen = runs.filter((r) => selected.has(r.run_id));
    const data = await Promise.all(chosen.map((r) => curvesFor(r.run_id).catch(() => ({ epochs: [], steps: [] }))));
    const name = (r) => r.label || r.run_id;
    const series = (pick, key, dash, part) => chosen.map((r, i) => ({
      name: part ? `${name(r)} (${part})` : name(r), color: colour(r.run_id), dash,
      points: pick(data[i]).map((row) => [row.epoch ?? row.step, row[key]]),
    }));
    const epochs = (d) => d.epochs;
    const steps = (d) => d.steps.map((s) => ({ step: s.step, loss: s.loss, first: Object.values(s.grad_norms || {})[0] }));
    const runsKey = chosen.map((r) => ({ name: name(r), color: colour(r.run_id) }));
    const styles = [{ name: "train", dash: "" }, { name: "validation", dash: "2 3" }, { name: "test", dash: "6 4" }];
    const splits = (key) => [...series(epochs, `train_${key}`, "", "train"), ...series(epochs, `val_${key}`, "2 3", "validation"),
      ...series(epochs, `test_${key}`, "6 4", "test")];
    $("charts").replaceChildren(
      cnn.lineChart("training loss (every logged step)", series(steps, "loss"),
        { xLabel: "step", yLabel: "loss", legend: runsKey }),
      cnn.lineChart("loss per epoch", splits("loss"), { xLabel: "epoch", yLabel: "loss", legend: [...runsKey, ...styles] }),
      cnn.lineChart("accuracy per epoch", splits("accuracy"),
        { xLabel: "epoch", yLabel: "accuracy", yUnit: "%", legend: [...runsKey, ...styles] }),
      cnn.lineChart("first layer's gradient norm", series(steps, "first"),
        { xLabel: "step", yLabel: "‖∇W‖", legend: runsKey }),
    );
  }

  loadExperiments();
})();
