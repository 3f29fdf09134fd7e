/// The explorer's page: plain HTML, CSS and JavaScript of our own, served
/// from the binary. The page uses only the JSON API (docs/explorer.md).
enum Page {
    struct Asset: Sendable {
        let contentType: String
        let text: String
    }

    static let assets: [(String, Asset)] = [
        ("/", Asset(contentType: "text/html; charset=utf-8", text: html)),
        ("/explorer.js", Asset(contentType: "text/javascript; charset=utf-8", text: script)),
        ("/explorer.css", Asset(contentType: "text/css; charset=utf-8", text: style)),
    ]

    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Footprint explorer</title>
    <link rel="stylesheet" href="/explorer.css">
    </head>
    <body>
    <header>
      <h1>Footprint explorer <span id="scenario-name"></span></h1>
      <div class="controls">
        <label>Samples <input id="samples" type="number" min="1" value="2000"></label>
        <label>Seed <input id="seed" type="number" min="0"></label>
        <button id="pin" type="button">Pin as baseline</button>
        <button id="unpin" type="button" disabled>Clear baseline</button>
        <button id="reset" type="button">Reset inputs</button>
        <span id="status" role="status">loading…</span>
      </div>
    </header>
    <main>
      <section id="inputs-panel">
        <h2>Inputs</h2>
        <p class="hint">Each box takes what <code>--set</code> takes: a number, or a distribution such as <code>{dist: pert, min: 1.1, mode: 1.2, max: 1.4}</code>. Results follow as you type.</p>
        <input id="filter" type="search" placeholder="filter inputs (path or source)">
        <div id="inputs"></div>
      </section>
      <section id="results-panel">
        <div id="global-errors" class="errors" hidden></div>
        <h2>Headline <small>(whole horizon, mean and P5–P95)</small></h2>
        <table id="headline"><thead><tr><th>Metric</th><th>Mean</th><th>P5</th><th>P50</th><th>P95</th><th>Unit</th><th class="delta">Δ mean vs baseline</th></tr></thead><tbody></tbody></table>
        <details><summary>Every metric</summary>
          <table id="all-metrics"><thead><tr><th>Metric</th><th>Mean</th><th>P5</th><th>P50</th><th>P95</th><th class="delta">Δ mean vs baseline</th></tr></thead><tbody></tbody></table>
        </details>
        <h2>Per year</h2>
        <div id="charts" class="charts"></div>
        <h2>Drivers</h2>
        <div class="controls">
          <label>Metric <select id="sens-metric"></select></label>
          <button id="tornado" type="button">Tornado</button>
          <button id="sobol" type="button">Sobol indices</button>
        </div>
        <div id="sensitivity"></div>
        <h2>Sweep one input</h2>
        <div class="controls">
          <label>Input <select id="sweep-path"></select></label>
          <label>from <input id="sweep-lo" size="6"></label>
          <label>to <input id="sweep-hi" size="6"></label>
          <label>points <input id="sweep-n" type="number" value="5" min="2" max="50"></label>
          <label>metric <select id="sweep-metric"></select></label>
          <button id="sweep" type="button">Sweep</button>
        </div>
        <div id="sweep-chart" class="charts"></div>
        <h2>Keep it</h2>
        <p>The same run on the command line:</p>
        <pre id="command"></pre>
        <p>The overrides as YAML:</p>
        <pre id="overrides-yaml"></pre>
        <p><button id="download-scenario" type="button">Download scenario</button>
           <button id="download-report" type="button">Download report</button></p>
      </section>
    </main>
    <script src="/explorer.js"></script>
    </body>
    </html>

    """#

    static let style = #"""
    body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d232a; }
    header { padding: 8px 16px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; position: sticky; top: 0; z-index: 1; }
    h1 { font-size: 18px; margin: 4px 0; } h1 span { font-weight: normal; color: #57606a; }
    h2 { font-size: 15px; margin: 18px 0 6px; }
    main { display: grid; grid-template-columns: minmax(320px, 38%) 1fr; gap: 16px; padding: 0 16px 32px; }
    .controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 4px 0; }
    .controls input[type=number] { width: 7em; }
    #status { color: #57606a; } #status.busy { color: #9a6700; } #status.error { color: #cf222e; }
    fieldset { border: 1px solid #d0d7de; margin: 6px 0; padding: 4px 8px; }
    legend { font-weight: 600; }
    .input { margin: 4px 0 8px; }
    .input label { display: block; font-family: ui-monospace, monospace; font-size: 12px; }
    .input input { width: 100%; box-sizing: border-box; font-family: ui-monospace, monospace; }
    .input.changed input { background: #fff8c5; }
    .input .meta { color: #57606a; font-size: 12px; }
    .input .error, .errors { color: #cf222e; font-size: 12px; white-space: pre-wrap; }
    table { border-collapse: collapse; } td, th { padding: 2px 8px; text-align: right; border-bottom: 1px solid #eaeef2; }
    td:first-child, th:first-child { text-align: left; }
    .up { color: #cf222e; } .down { color: #1a7f37; }
    .charts { display: flex; flex-wrap: wrap; gap: 12px; } .charts svg { max-width: 100%; height: auto; }
    pre { background: #f6f8fa; padding: 8px; white-space: pre-wrap; word-break: break-all; }
    .hint { color: #57606a; font-size: 12px; }

    """#

    static let script = #"""
    "use strict";
    // The explorer's page: reads GET /api/model, and on every change posts the
    // overrides to /api/run and /api/charts (stale requests aborted).
    const state = { model: null, inputs: [], baseline: null, last: null, timer: null, inflight: [] };
    const $ = (id) => document.getElementById(id);
    const HEADLINE = ["energy_facility_mwh", "peak_facility_power_mw", "emissions_location_tco2e", "emissions_market_tco2e",
      "emissions_scope1_tco2e", "emissions_scope3_tco2e", "water_m3", "tco2e_per_musd_revenue_location"];

    function fmt(x) {
      if (x === null || x === undefined || Number.isNaN(x)) return "–";
      const a = Math.abs(x);
      if (a !== 0 && (a < 0.01 || a >= 1e15)) return x.toExponential(3);
      const digits = a >= 100 ? 0 : a >= 1 ? 2 : 4;
      return x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    }
    function el(tag, attrs, ...children) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) { if (k === "text") e.textContent = v; else e.setAttribute(k, v); }
      for (const c of children) if (c !== null && c !== undefined) e.append(c);
      return e;
    }
    function overrides() {
      return state.inputs.filter((i) => i.box.value.trim() !== i.original).map((i) => `${i.path}=${i.box.value.trim()}`);
    }
    function request() {
      const body = { set: overrides() };
      const n = parseInt($("samples").value, 10); if (!Number.isNaN(n)) body.samples = n;
      if ($("seed").value !== "") body.seed = Number($("seed").value);
      return body;
    }
    function shellQuote(s) { return /^[A-Za-z0-9_./:=,-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'"; }

    async function post(path, body, signal) {
      const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal });
      if (r.status === 200) return r;
      let errors = [`HTTP ${r.status}`];
      try { errors = (await r.json()).errors || errors; } catch (e) { /* not JSON */ }
      const err = new Error(errors.join("\n")); err.errors = errors; err.status = r.status; throw err;
    }

    function setStatus(text, kind) { const s = $("status"); s.textContent = text; s.className = kind || ""; }

    function showErrors(errors) {
      for (const i of state.inputs) i.error.textContent = "";
      const left = [];
      for (const line of errors) {
        const hit = state.inputs.find((i) => i.box.value.trim() !== i.original && line.includes(`${i.path}=`));
        if (hit) hit.error.textContent += (hit.error.textContent ? "\n" : "") + line; else left.push(line);
      }
      const g = $("global-errors"); g.textContent = left.join("\n"); g.hidden = left.length === 0;
    }

    function schedule() {
      for (const i of state.inputs) i.row.classList.toggle("changed", i.box.value.trim() !== i.original);
      updateKeep();
      clearTimeout(state.timer);
      state.timer = setTimeout(evaluate, 250);
    }

    async function evaluate() {
      for (const c of state.inflight) c.abort();
      const run = new AbortController(), charts = new AbortController();
      state.inflight = [run, charts];
      const body = request();
      setStatus("running…", "busy");
      try {
        const r = await post("/api/run", body, run.signal);
        const json = await r.json();
        state.last = json;
        showErrors([]);
        renderResults(json);
        setStatus(`${json.samples} draws, seed ${json.seed}`);
      } catch (e) {
        if (e.name === "AbortError") return;
        showErrors(e.errors || [String(e)]); setStatus("refused: see the messages", "error"); return;
      }
      try {
        const r = await post("/api/charts", body, charts.signal);
        const json = await r.json();
        const box = $("charts"); box.innerHTML = "";
        for (const c of json.charts) { const d = el("div", { class: "chart", "data-name": c.name }); d.innerHTML = c.svg; box.append(d); }
      } catch (e) { if (e.name !== "AbortError") showErrors(e.errors || [String(e)]); }
    }

    function deltaCell(key, mean) {
      const td = el("td", { class: "delta" });
      const b = state.baseline && state.baseline.totals[key];
      if (b && b.mean !== 0) {
        const d = (mean - b.mean) / Math.abs(b.mean) * 100;
        td.textContent = (d > 0 ? "+" : "") + d.toFixed(1) + " %";
        td.className = "delta " + (d > 0.05 ? "up" : d < -0.05 ? "down" : "");
      } else if (b) td.textContent = mean === b.mean ? "0" : "+" + fmt(mean);
      return td;
    }
    function row(key, v, unit, withUnit) {
      const tr = el("tr", { "data-metric": key });
      tr.append(el("td", { text: key }));
      for (const s of ["mean", "p5", "p50", "p95"]) tr.append(el("td", { "data-stat": s, "data-value": String(v[s]), text: fmt(v[s]) }));
      if (withUnit) tr.append(el("td", { text: unit }));
      tr.append(deltaCell(key, v.mean));
      return tr;
    }
    function renderResults(json) {
      const units = Object.fromEntries(state.model.metrics.map((m) => [m.key, m.unit]));
      const head = $("headline").tBodies[0]; head.innerHTML = "";
      for (const k of HEADLINE) if (json.totals[k]) head.append(row(k, json.totals[k], units[k] || "", true));
      const all = $("all-metrics").tBodies[0]; all.innerHTML = "";
      for (const [k, v] of Object.entries(json.totals)) if (v && typeof v.mean === "number") all.append(row(k, v, units[k] || "", false));
      $("headline").dataset.overrides = JSON.stringify(json.overrides);
      document.body.dataset.ready = "true";
    }

    function updateKeep() {
      const set = overrides();
      const words = ["footprint", "run", state.model.model];
      for (const s of set) words.push("--set", s);
      if ($("samples").value) words.push("--samples", $("samples").value);
      if ($("seed").value !== "") words.push("--seed", $("seed").value);
      $("command").textContent = words.map(shellQuote).join(" ");
      $("overrides-yaml").textContent = set.length ? set.map((s) => { const i = s.indexOf("="); return `${s.slice(0, i)}: ${s.slice(i + 1)}`; }).join("\n") : "# no overrides";
    }

    async function download(path, body, fallbackName) {
      setStatus("preparing download…", "busy");
      try {
        const r = await post(path, body);
        const blob = await r.blob();
        const cd = r.headers.get("Content-Disposition") || "";
        const m = /filename="([^"]+)"/.exec(cd);
        const a = el("a", { href: URL.createObjectURL(blob), download: m ? m[1] : fallbackName });
        document.body.append(a); a.click(); a.remove();
        setStatus("downloaded " + (m ? m[1] : fallbackName));
      } catch (e) { showErrors(e.errors || [String(e)]); setStatus("refused: see the messages", "error"); }
    }

    async function sensitivity(method) {
      const body = Object.assign(request(), { method, metric: $("sens-metric").value, budget_seconds: 60 });
      delete body.samples;
      if (method === "sobol") body.base_samples = 512;
      const out = $("sensitivity"); out.textContent = "computing…";
      try {
        const json = await (await post("/api/sensitivity", body)).json();
        const entries = json.swings || json.indices || [];
        const t = el("table");
        if (method === "tornado") {
          t.append(el("tr", {}, el("th", { text: "Input" }), el("th", { text: "at P10" }), el("th", { text: "at P90" }), el("th", { text: "swing" })));
          for (const e of entries) t.append(el("tr", {}, el("td", { text: e.parameter }), el("td", { text: fmt(e.metric_at_p10) }), el("td", { text: fmt(e.metric_at_p90) }), el("td", { text: fmt(e.swing) })));
        } else {
          t.append(el("tr", {}, el("th", { text: "Input" }), el("th", { text: "first order" }), el("th", { text: "total" })));
          for (const e of entries) t.append(el("tr", {}, el("td", { text: e.parameter }), el("td", { text: fmt(e.first_order) }), el("td", { text: fmt(e.total) })));
        }
        out.innerHTML = ""; out.append(t);
      } catch (e) { out.textContent = (e.errors || [String(e)]).join("\n"); }
    }

    async function sweep() {
      const path = $("sweep-path").value, lo = $("sweep-lo").value.trim(), hi = $("sweep-hi").value.trim(), n = $("sweep-n").value;
      const body = request();
      body.set = body.set.filter((s) => !s.startsWith(path + "="));
      Object.assign(body, { vary: [`${path}=${lo}:${hi}:${n}`], metrics: [$("sweep-metric").value], budget_seconds: 60 });
      if (body.samples > 500) body.samples = 500;
      const out = $("sweep-chart"); out.textContent = "computing…";
      try {
        const json = await (await post("/api/sweep-charts", body)).json();
        out.innerHTML = "";
        for (const c of json.charts) { const d = el("div", { class: "chart" }); d.innerHTML = c.svg; out.append(d); }
      } catch (e) { out.textContent = (e.errors || [String(e)]).join("\n"); }
    }

    function renderInputs(filter) {
      const f = (filter || "").toLowerCase();
      for (const fs of document.querySelectorAll("#inputs fieldset")) {
        let any = false;
        for (const row of fs.querySelectorAll(".input")) {
          const show = !f || row.dataset.search.includes(f);
          row.hidden = !show; any = any || show;
        }
        fs.hidden = !any;
      }
    }

    async function start() {
      const r = await fetch("/api/model");
      const m = await r.json();
      if (r.status !== 200) { showErrors(m.errors || ["cannot read the model"]); return; }
      state.model = m;
      $("scenario-name").textContent = `${m.name} (${m.model})`;
      $("samples").value = Math.min(m.samples, 2000);
      $("seed").value = m.seed;
      const box = $("inputs");
      for (const g of m.groups) {
        const fs = el("fieldset", {}, el("legend", { text: `${g.kind} · ${g.name}` }));
        for (const q of g.inputs) {
          const box2 = el("input", { value: q.set, "data-path": q.path, spellcheck: "false", "aria-label": q.path });
          const error = el("div", { class: "error" });
          const meta = el("div", { class: "meta", text: `${q.unit ? q.unit + " · " : ""}${q.bounds} · ${q.quality} · ${q.source || "no source: an assumption of the scenario's author"}` });
          const rowEl = el("div", { class: "input", "data-search": (q.path + " " + (q.source || "")).toLowerCase() }, el("label", { text: q.path }), box2, meta, error);
          fs.append(rowEl);
          const input = { path: q.path, original: q.set, box: box2, error, row: rowEl, central: q.central };
          box2.addEventListener("input", schedule);
          state.inputs.push(input);
          $("sweep-path").append(el("option", { value: q.path, text: q.path }));
        }
        box.append(fs);
      }
      for (const k of m.metrics) {
        $("sens-metric").append(el("option", { value: k.key, text: k.key }));
        $("sweep-metric").append(el("option", { value: k.key, text: k.key }));
      }
      $("sens-metric").value = "emissions_location_tco2e"; $("sweep-metric").value = "emissions_location_tco2e";
      const setSweepRange = () => {
        const i = state.inputs.find((x) => x.path === $("sweep-path").value);
        if (i) { const c = i.central; $("sweep-lo").value = +(c * 0.8).toPrecision(4); $("sweep-hi").value = +(c * 1.2).toPrecision(4); }
      };
      $("sweep-path").addEventListener("change", setSweepRange); setSweepRange();
      $("filter").addEventListener("input", (e) => renderInputs(e.target.value));
      $("samples").addEventListener("input", schedule);
      $("seed").addEventListener("input", schedule);
      $("pin").addEventListener("click", () => { state.baseline = state.last; $("unpin").disabled = !state.baseline; if (state.last) renderResults(state.last); });
      $("unpin").addEventListener("click", () => { state.baseline = null; $("unpin").disabled = true; if (state.last) renderResults(state.last); });
      $("reset").addEventListener("click", () => { for (const i of state.inputs) i.box.value = i.original; schedule(); });
      $("tornado").addEventListener("click", () => sensitivity("tornado"));
      $("sobol").addEventListener("click", () => sensitivity("sobol"));
      $("sweep").addEventListener("click", sweep);
      $("download-scenario").addEventListener("click", () => download("/api/scenario", { set: overrides() }, "scenario.yaml"));
      $("download-report").addEventListener("click", () => download("/api/report", Object.assign(request(), { budget_seconds: 60 }), "report.tar"));
      updateKeep();
      evaluate();
    }
    start();

    """#
}
