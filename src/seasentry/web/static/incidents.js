/* seasentry web map: the incident register (layer, time filter, list, incident page). Uses the
   map and API helper that app.js exposes on window.seasentry; talks only to this server's /api. */
(function () {
  "use strict";
  const S = window.seasentry;
  const $ = (id) => document.getElementById(id);
  const COLORS = { departure: "#e67e22", interception: "#c0392b", rescue: "#27ae60", shipwreck: "#2c3e50",
    seizure: "#8e44ad", inspection: "#2980b9", meeting: "#7f8c8d", resolution: "#16a085", statement: "#95a5a6",
    death: "#34495e" };
  let layer = null;
  S.incidents = { items: [] };

  function query() {
    const q = new URLSearchParams({ limit: "1000", format: "geojson" });
    if ($("incident-type").value) q.set("type", $("incident-type").value);
    if ($("incident-start").value) q.set("start", $("incident-start").value + "T00:00:00Z");
    if ($("incident-end").value) q.set("end", $("incident-end").value + "T23:59:59Z");
    return q;
  }

  async function loadTypes() {
    const d = await S.api("/api/incidents/types");
    const sel = $("incident-type");
    for (const t of d.types) {
      const o = document.createElement("option");
      o.value = t.type; o.textContent = `${t.type} (${t.count})`;
      sel.appendChild(o);
    }
  }

  function itemHtml(f) {
    const p = f.properties;
    const c = p.counts || {};
    const cs = ["people", "dead", "missing"].filter((k) => c[k] !== undefined).map((k) => `${k} ${c[k]}`).join(", ");
    return `<li data-incident="${S.esc(p.incident_id)}" data-testid="incident-item"><div class="t">` +
      `<span class="inc-type" style="background:${COLORS[p.type] || "#555"}"></span>${S.esc(p.type)} ` +
      `<span class="s">${S.esc(p.place || "place unknown")}</span></div>` +
      `<div class="s">${S.esc(p.start)}${p.end !== p.start ? " → " + S.esc(p.end) : ""}${cs ? " · " + S.esc(cs) : ""} · ` +
      `${S.esc(p.n_sources)} source(s) · conf ${S.esc(p.confidence)}</div></li>`;
  }

  async function load() {
    let fc;
    try { fc = await S.api("/api/incidents?" + query()); } catch (err) { $("incident-count").textContent = err.message; return; }
    S.incidents.items = fc.features;
    $("incident-count").textContent = `${fc.total.toLocaleString()} incidents` + (fc.total > fc.count ? ` (newest ${fc.count} shown)` : "");
    const ul = $("incident-list");
    ul.innerHTML = fc.features.map(itemHtml).join("");
    ul.querySelectorAll("li[data-incident]").forEach((li) => li.addEventListener("click", () => open(li.dataset.incident, true)));
    draw();
  }

  function draw() {
    if (layer) S.map.removeLayer(layer);
    layer = null;
    if (!$("incident-layer").checked) return;
    layer = L.layerGroup();
    for (const f of S.incidents.items) {
      if (!f.geometry) continue;
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      L.circleMarker([lat, lon], { radius: 6, color: COLORS[p.type] || "#555", weight: 2, fillColor: "#fff", fillOpacity: 0.9 })
        .bindTooltip(`${S.esc(p.type)} · ${S.esc(p.place || "")} · ${S.esc(p.start)}`)
        .on("click", () => open(p.incident_id, false))
        .addTo(layer);
    }
    layer.addTo(S.map);
  }

  async function open(id, pan) {
    const f = S.incidents.items.find((x) => x.properties.incident_id === id);
    if (pan && f && f.geometry) S.map.setView([f.geometry.coordinates[1], f.geometry.coordinates[0]], Math.max(S.map.getZoom(), 8));
    let html;
    try { html = await S.api(`/api/incidents/${encodeURIComponent(id)}/page`); } catch (err) { S.toast(err.message); return; }
    $("incident-body").innerHTML = html;       // server-escaped fragment (seasentry.reports.page)
    $("incident-panel").classList.remove("hidden");
  }
  S.incidents.open = open;

  $("incident-close").addEventListener("click", () => $("incident-panel").classList.add("hidden"));
  for (const id of ["incident-type", "incident-start", "incident-end"]) $(id).addEventListener("change", load);
  $("incident-layer").addEventListener("change", draw);
  S.tabLoaders.incidents = load;
  S.hooks.push(async () => { await loadTypes(); await load(); });
})();
