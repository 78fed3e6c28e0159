/* seasentry web map: satellite / radar detections layer (dark, matched, missed, footprints).
   Uses the map and token of app.js (window.seasentry); talks only to this server's /api. */
(function () {
  "use strict";
  const S = window.seasentry;
  if (!S || !S.map) return;
  const map = S.map;
  const $ = (id) => document.getElementById(id);
  const esc = (v) => String(v === null || v === undefined ? "" : v).replace(/[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const fmtT = (iso) => iso ? iso.replace("T", " ").replace(/(\.\d+)?Z$/, "Z") : "";
  const COLOR = { dark: "#b3001b", matched: "#2e9e5b", ambiguous: "#f49d37", infrastructure: "#7f8c8d",
    rejected: "#bdc3c7", missed: "#2c6e9b" };
  map.createPane("detections").style.zIndex = 450;
  const renderer = L.canvas({ padding: 0.5, pane: "detections" });
  const D = { data: null, scene: null, layer: L.layerGroup().addTo(map), byEvent: new Map(), byId: new Map() };
  window.seasentryDetections = D;

  async function api(path) {
    const r = await fetch(path, { headers: { Authorization: "Bearer " + S.token } });
    const d = await r.json();
    if (!r.ok) throw new Error((d && d.detail) || r.statusText);
    return d;
  }

  function shown() {
    const on = {};
    document.querySelectorAll("#det-filters input[data-status]").forEach((c) => { on[c.dataset.status] = c.checked; });
    return on;
  }

  function popup(p) {
    const lines = [`<b>${esc(p.status)}</b> detection <code>${esc(p.detection_id)}</code>`,
      `${esc(p.source)} · ${fmtT(p.time)}`,
      `length ${p.length_m === null ? "?" : esc(Math.round(p.length_m)) + " m"} · confidence ${p.confidence === null ? "?" : esc(p.confidence)}`];
    if (p.mmsi) lines.push(`AIS: ${esc(p.name || "")} MMSI ${esc(p.mmsi)} · ${esc(Math.round(p.distance_m))} m · score ${esc(p.score)}`);
    if (p.nearest) lines.push(`nearest AIS ${esc(p.nearest.name || p.nearest.mmsi)}: ${esc(p.nearest.why)}`);
    const c = p.context || {};
    if (c.departure) lines.push(`${esc(c.departure.distance_km)} km from ${esc(c.departure.name)}${c.northbound ? ", heading north" : ""}`);
    if (c.alongside) lines.push(`${esc(Math.round(c.alongside.distance_m))} m from ${esc(c.alongside.kind)} ${esc(c.alongside.name || c.alongside.mmsi)} (AIS on)`);
    if (c.gap_link) lines.push(`may be ${esc(c.gap_link.name || c.gap_link.mmsi)}: went dark ${esc(c.gap_link.hours_since_dark)} h earlier, ${esc(c.gap_link.from_start_km)} km away`);
    if (c.zone) lines.push(esc(c.zone));
    if (p.reason && p.status !== "dark") lines.push(`<span class="muted">${esc(p.reason)}</span>`);
    return lines.join("<br>");
  }

  function draw() {
    D.layer.clearLayers();
    D.byEvent.clear(); D.byId.clear();
    if (!D.data) return;
    const on = shown();
    let n = 0;
    if ($("det-footprints").checked) {
      for (const f of D.data.scenes.features) {
        if (D.scene && f.properties.scene_id !== D.scene) continue;
        L.geoJSON(f, { pane: "detections", style: { color: "#6c3483", weight: 1.2, dashArray: "5 4", fillOpacity: 0.03 } })
          .bindTooltip(`${esc(f.properties.source)} ${fmtT(f.properties.time)}<br><code>${esc(f.properties.scene_id)}</code>`, { sticky: true })
          .addTo(D.layer);
      }
    }
    for (const f of D.data.detections.features) {
      const p = f.properties;
      if (!on[p.status] || (D.scene && p.scene_id !== D.scene)) continue;
      const [lon, lat] = f.geometry.coordinates;
      const m = L.circleMarker([lat, lon], { renderer, radius: p.status === "dark" ? 6 : 4.5, weight: 1.5,
        color: p.status === "dark" ? "#fff" : COLOR[p.status], fillColor: COLOR[p.status] || "#555", fillOpacity: 0.9 })
        .bindPopup(popup(p)).addTo(D.layer);
      D.byId.set(p.detection_id, m);
      if (p.event_id) D.byEvent.set(p.event_id, m);
      n += 1;
    }
    if (on.missed) {
      for (const f of D.data.missed.features) {
        const p = f.properties;
        if (D.scene && p.scene_id !== D.scene) continue;
        const [lon, lat] = f.geometry.coordinates;
        L.circleMarker([lat, lon], { renderer, radius: 5, weight: 2, color: COLOR.missed, fill: false })
          .bindPopup(`<b>missed</b>: ${esc(p.name || "")} MMSI ${esc(p.mmsi)} (${p.length_m === null ? "?" : esc(p.length_m) + " m"})<br>` +
            `in the footprint at ${fmtT(p.time)}, not detected<br><span class="muted">${esc(p.reason)}</span>`)
          .addTo(D.layer);
        n += 1;
      }
    }
    S.detectionsDrawn = n;
    $("det-count").textContent = `${n.toLocaleString()} shown` + (D.scene ? " · one scene" : "") + (D.data.truncated ? " (first 5,000)" : "");
  }

  function sceneList() {
    const ul = $("det-scenes");
    ul.innerHTML = "";
    const feats = D.data.scenes.features.slice().sort((a, b) => (a.properties.time < b.properties.time ? 1 : -1));
    if (!feats.length) ul.innerHTML = '<li class="muted">no scenes loaded (seasentry detections load FILE)</li>';
    for (const f of feats) {
      const p = f.properties, c = p.counts || {};
      const li = document.createElement("li");
      li.dataset.scene = p.scene_id;
      li.innerHTML = `<div class="t">${esc(p.source)} · ${fmtT(p.time)}</div><div class="s">` +
        Object.entries(c).map(([k, v]) => `${esc(v)} ${esc(k)}`).join(" · ") + `<br><code>${esc(p.scene_id.slice(0, 44))}</code></div>`;
      li.addEventListener("click", () => {
        D.scene = p.scene_id;
        draw();
        const b = L.geoJSON(f).getBounds();
        if (b.isValid()) map.fitBounds(b, { maxZoom: 10 });
      });
      ul.appendChild(li);
    }
  }

  D.load = async function () {
    try {
      D.data = await api("/api/detections/map?limit=5000");
    } catch (err) { $("det-count").textContent = err.message; return; }
    sceneList();
    draw();
    document.body.dataset.detectionsReady = "1";
  };

  D.focus = async function (eventId, lat, lon) {
    if (!D.data) await D.load();
    const m = D.byEvent.get(eventId);
    if (m) { map.setView(m.getLatLng(), Math.max(map.getZoom(), 10)); m.openPopup(); }
    else if (lat !== null && lat !== undefined) map.setView([lat, lon], Math.max(map.getZoom(), 10));
  };

  if (S.tabLoaders) S.tabLoaders.detections = () => D.load();   // the Detections tab (app.js)
  document.querySelectorAll("#det-filters input").forEach((c) => c.addEventListener("change", draw));
  $("det-all").addEventListener("click", () => { D.scene = null; draw(); });
})();
