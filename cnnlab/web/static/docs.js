// A local, dependency-free reading of the server's OpenAPI schema (/openapi.json): every endpoint with
// its parameters, request body and responses, then the JSON schemas. FastAPI's own /docs page would load
// its scripts from a CDN; this one works offline.
"use strict";

(async () => {
  const $ = (id) => document.getElementById(id);
  // the examples use the address this page was loaded from (the server's real host and port)
  $("example").textContent = `curl -F file=@digit.png ${location.origin}/api/predict`;
  const spec = await cnn.getJSON("/openapi.json");
  $("title").textContent = `${spec.info.title} ${spec.info.version} · HTTP API`;
  $("intro").textContent = spec.info.description || "";

  const refName = (ref) => ref.split("/").pop();
  function typeOf(schema) {
    if (!schema) return "";
    if (schema.$ref) return refName(schema.$ref);
    if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
    if (schema.type === "array") return `${typeOf(schema.items) || "any"}[]`;
    if (schema.format === "binary") return "file";
    return schema.type || "any";
  }

  const list = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const items = [];
      for (const p of op.parameters || []) {
        items.push(cnn.el("li", {}, cnn.el("code", { text: p.name }), ` (${p.in}, ${typeOf(p.schema)})`,
          p.description ? ` ${p.description}` : ""));
      }
      const body = op.requestBody?.content;
      if (body) {
        const [mime, media] = Object.entries(body)[0];
        let schema = media.schema;
        if (schema?.$ref) schema = spec.components.schemas[refName(schema.$ref)];
        for (const [name, field] of Object.entries(schema?.properties || {})) {
          const required = (schema.required || []).includes(name) ? ", required" : "";
          items.push(cnn.el("li", {}, cnn.el("code", { text: name }), ` (${mime} field, ${typeOf(field)}${required})`,
            field.description ? ` ${field.description}` : ""));
        }
      }
      for (const [code, response] of Object.entries(op.responses || {})) {
        const schema = response.content?.["application/json"]?.schema;
        items.push(cnn.el("li", {}, `→ ${code} ${response.description}`, schema ? ` (${typeOf(schema)})` : ""));
      }
      list.push(cnn.el("div", { class: "card endpoint" },
        cnn.el("div", {}, cnn.el("span", { class: `method ${method}`, text: method.toUpperCase() }), " ",
          cnn.el("code", { text: path }), ` · ${op.summary || ""}`),
        op.description ? cnn.el("p", { class: "hint", text: op.description }) : "",
        cnn.el("ul", {}, ...items)));
    }
  }
  $("endpoints").replaceChildren(...list);

  const schemas = Object.entries(spec.components?.schemas || {})
    .filter(([name]) => !name.startsWith("Body_") && !name.includes("ValidationError"))
    .map(([name, schema]) => cnn.el("div", { class: "card endpoint" }, cnn.el("h3", { text: name }),
      cnn.el("ul", {}, ...Object.entries(schema.properties || {}).map(([field, s]) =>
        cnn.el("li", {}, cnn.el("code", { text: field }), ` ${typeOf(s)}`, s.description ? `: ${s.description}` : "")))));
  $("schemas").replaceChildren(...schemas);
})();
