/* seasentry web map. Plain JS over the bundled Leaflet; talks only to this server's /api. */
(function () {
  "use strict";

  // ------------------------------------------------------------------ state and API
  const S = {
    token: localStorage.getItem("seasentry.token") || "",
    me: null,
    vessels: new Map(),       // mmsi -> {mmsi, lat, lon, t, sog, cog, name, kind, risk, level}
    newest: null,             // newest position time (ISO) reported by /api/latest
    selected: null,           // selected MMSI
    track: null,              // {mmsi, points: [[lon, lat, t_ms, sog, cog], ...]}
    playTimer: null,
    eventOffset: 0,
    live: false,
    drawn: 0,
    lastDrawMs: 0,
  };
  window.seasentry = S;       // for tests and the console

  const $ = (id) => document.getElementById(id);
  const esc = (v) => String(v === null || v === undefined ? "" : v).replace(/[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const fmtT = (iso) => iso ? iso.replace("T", " ").replace(/(\.\d+)?Z$/, "Z") : "";
  const fmtMs = (ms) => new Date(ms).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, "Z");
  const ROLE = { viewer: 0, analyst: 1, admin: 2 };

  class ApiError extends Error { constructor(status, msg) { super(msg); this.status = status; } }

  async function api(path, opts = {}) {
    const headers = Object.assign({ Authorization: "Bearer " + S.token }, opts.headers || {});
    let body = opts.body;
    if (body !== undefined && typeof body !== "string" && !(body instanceof Blob)) {
      body = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    const r = await fetch(path, { method: opts.method || "GET", headers, body });
    if (r.status === 401) { showLogin("Your token is invalid or was revoked."); throw new ApiError(401, "unauthorized"); }
    const ct = r.headers.get("content-type") || "";
    const data = ct.includes("json") ? await r.json() : await r.text();
    if (!r.ok) throw new ApiError(r.status, (data && data.detail) || r.statusText);
    return data;
  }

  function toast(msg, ms = 3500) {
    const t = $("toast");
    t.textContent = msg;
    t.classList.remove("hidden");
    clearTimeout(toast._t);
    toast._t = setTimeout(() => t.classList.add("hidden"), ms);
  }

  // ------------------------------------------------------------------ login
  function showLogin(msg) {
    $("login").classList.remove("hidden");
    $("login-error").textContent = msg || "";
    $("token-input").focus();
  }

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    S.token = $("token-input").value.trim();
    try {
      await start();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) $("login-error").textContent = String(err.message || err);
    }
  });

  $("logout").addEventListener("click", () => {
    localStorage.removeItem("seasentry.token");
    S.token = "";
    location.reload();
  });

  // ------------------------------------------------------------------ map and basemap
  const map = L.map("map", { preferCanvas: true, zoomControl: true, worldCopyJump: false, minZoom: 3, maxZoom: 16 })
    .setView([34.8, 14.5], 6);
  const canvas = L.canvas({ padding: 0.5 });
  map.createPane("basemap").style.zIndex = 250;
  map.createPane("zones").style.zIndex = 300;
  L.control.scale({ imperial: false, metric: true }).addTo(map);
  Object.assign(S, { map, api, esc, fmtT, toast, hooks: [] });   // for add-on layers (incidents.js)
  map.attributionControl.setPrefix("Leaflet").addAttribution("Natural Earth (public domain)");
  const layers = {};

  async function loadBasemap() {
    const style = {
      countries: { pane: "basemap", color: "#c9c1b1", weight: 0.6, fillColor: "#efe9dc", fillOpacity: 1, interactive: false },
      land: { pane: "basemap", stroke: false, fillColor: "#efe9dc", fillOpacity: 1, interactive: false },
      islands: { pane: "basemap", stroke: false, fillColor: "#efe9dc", fillOpacity: 1, interactive: false },
      coastline: { pane: "basemap", color: "#8a8f95", weight: 0.8, interactive: false },
      territorial_seas: { pane: "zones", color: "#2c6e9b", weight: 1, dashArray: "4 4", fill: false, interactive: false },
    };
    for (const name of ["countries", "land", "islands", "coastline", "territorial_seas"]) {
      const gj = await api("/api/geo/" + name);
      layers[name] = L.geoJSON(gj, { style: () => style[name], pane: style[name].pane, interactive: false }).addTo(map);
    }
  }

  async function loadZones() {
    const fc = await api("/api/zones?include_shipped=false");
    if (layers.zones) map.removeLayer(layers.zones);
    layers.zones = L.geoJSON(fc, {
      pane: "zones",
      style: () => ({ color: "#e07a1f", weight: 2, fillOpacity: 0.06 }),
      onEachFeature: (f, l) => l.bindTooltip(esc(f.properties.name)),
    }).addTo(map);
    const ul = $("zone-list");
    ul.innerHTML = "";
    if (!fc.features.length) ul.innerHTML = '<li class="muted">none yet</li>';
    for (const f of fc.features) {
      const li = document.createElement("li");
      li.innerHTML = `<span class="t">${esc(f.properties.name)}</span> <span class="s">${esc(f.properties.kind || "")}</span>` +
        (ROLE[S.me.role] >= 1 ? ` <button class="small ghost" data-del="${esc(f.properties.zone_id)}">delete</button>` : "");
      li.addEventListener("click", (e) => {
        if (e.target.dataset.del) return;
        const b = L.geoJSON(f).getBounds();
        if (b.isValid()) map.fitBounds(b, { maxZoom: 10 });
      });
      ul.appendChild(li);
    }
    ul.querySelectorAll("button[data-del]").forEach((b) => b.addEventListener("click", async () => {
      if (!confirm("Delete this zone?")) return;
      try { await api("/api/zones/" + b.dataset.del, { method: "DELETE" }); await loadZones(); }
      catch (err) { toast(err.message); }
    }));
  }

  $("zone-file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    let gj;
    try { gj = JSON.parse(await f.text()); } catch (err) { $("zone-msg").textContent = "not JSON: " + err.message; return; }
    try {
      const r = await api("/api/zones", { method: "POST", body: gj });
      $("zone-msg").textContent = "added: " + r.created.map((z) => z.name).join(", ");
      await loadZones();
    } catch (err) { $("zone-msg").textContent = err.message; }
    e.target.value = "";
  });

  // ------------------------------------------------------------------ vessel layer (one canvas, 5,000+ points)
  const COLORS = { red: "#d7263d", amber: "#f49d37", green: "#2e9e5b", none: "#5b7a99", fixed: "#9aa5ad" };

  const VesselLayer = L.Layer.extend({
    onAdd(m) {
      this._map = m;
      this._canvas = L.DomUtil.create("canvas", "vessel-canvas leaflet-zoom-hide");
      this._canvas.setAttribute("data-testid", "vessel-canvas");
      m.getPanes().overlayPane.appendChild(this._canvas);
      m.on("moveend zoomend resize viewreset", this._reset, this);
      this._reset();
    },
    onRemove(m) {
      m.off("moveend zoomend resize viewreset", this._reset, this);
      L.DomUtil.remove(this._canvas);
    },
    _reset() {
      const size = this._map.getSize();
      const tl = this._map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(this._canvas, tl);
      const r = window.devicePixelRatio || 1;
      this._canvas.width = size.x * r; this._canvas.height = size.y * r;
      this._canvas.style.width = size.x + "px"; this._canvas.style.height = size.y + "px";
      this.redraw();
    },
    visible() {
      const f = $("risk-filter").value, fixed = $("fixed-filter").checked;
      const out = [];
      for (const v of S.vessels.values()) {
        if (!fixed && (v.kind === "coast_station" || v.kind === "aton")) continue;
        if (f === "red" && v.level !== "red") continue;
        if (f === "amber" && v.level !== "red" && v.level !== "amber") continue;
        out.push(v);
      }
      return out;
    },
    redraw() {
      if (!this._map) return;
      const t0 = performance.now();
      const ctx = this._canvas.getContext("2d");
      const r = window.devicePixelRatio || 1;
      ctx.setTransform(r, 0, 0, r, 0, 0);
      const size = this._map.getSize();
      ctx.clearRect(0, 0, size.x, size.y);
      const zoom = this._map.getZoom();
      const pts = [];
      const order = { none: 0, green: 1, amber: 2, red: 3 };
      const vs = this.visible().sort((a, b) => (order[a.level || "none"] - order[b.level || "none"]));
      for (const v of vs) {
        const p = this._map.latLngToContainerPoint([v.lat, v.lon]);
        if (p.x < -10 || p.y < -10 || p.x > size.x + 10 || p.y > size.y + 10) continue;
        pts.push([p.x, p.y, v]);
        const lv = v.kind === "coast_station" || v.kind === "aton" ? "fixed" : (v.level || "none");
        const rad = lv === "red" ? 5.5 : lv === "amber" ? 4.5 : 3.5;
        ctx.beginPath();
        ctx.arc(p.x, p.y, rad, 0, 6.2832);
        ctx.fillStyle = COLORS[lv];
        ctx.fill();
        ctx.lineWidth = 0.8; ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.stroke();
        if (zoom >= 9 && v.cog !== null && v.sog > 0.5) {   // course line
          const a = (v.cog - 90) * Math.PI / 180, len = 6 + Math.min(v.sog, 20);
          ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.lineTo(p.x + Math.cos(a) * len, p.y + Math.sin(a) * len);
          ctx.strokeStyle = COLORS[lv]; ctx.lineWidth = 1.5; ctx.stroke();
        }
        if (v.mmsi === S.selected) {
          ctx.beginPath(); ctx.arc(p.x, p.y, 10, 0, 6.2832);
          ctx.lineWidth = 2.5; ctx.strokeStyle = "#111"; ctx.stroke();
        }
      }
      this._pts = pts;
      S.drawn = pts.length;
      S.lastDrawMs = performance.now() - t0;
    },
    hit(cp) {
      let best = null, bd = 64;
      for (const [x, y, v] of this._pts || []) {
        const d = (x - cp.x) ** 2 + (y - cp.y) ** 2;
        if (d < bd) { bd = d; best = v; }
      }
      return best;
    },
  });
  const vesselLayer = new VesselLayer().addTo(map);
  S.map = map;
  S.vesselLayer = vesselLayer;

  map.on("click", (e) => {
    const v = vesselLayer.hit(e.containerPoint);
    if (v) openVessel(v.mmsi);
  });
  map.on("mousemove", (e) => {
    const v = vesselLayer.hit(e.containerPoint);
    map.getContainer().style.cursor = v ? "pointer" : "";
    if (v) {
      if (!S._tip) S._tip = L.tooltip({ direction: "top", offset: [0, -6] });
      S._tip.setLatLng([v.lat, v.lon]).setContent(esc(v.name || v.mmsi) + (v.risk !== null && v.risk !== undefined ? ` · risk ${v.risk}` : ""));
      if (!map.hasLayer(S._tip)) S._tip.addTo(map);
    } else if (S._tip && map.hasLayer(S._tip)) map.removeLayer(S._tip);
  });
  $("risk-filter").addEventListener("change", () => { vesselLayer.redraw(); renderVesselCount(); });
  $("fixed-filter").addEventListener("change", () => loadLatest(true));
  $("age-filter").addEventListener("change", () => loadLatest(true));
  map.on("moveend", () => renderVesselCount());

  async function loadLatest(full) {
    const fixed = $("fixed-filter").checked ? "&include_fixed=true" : "";
    const since = !full && S.newest ? "&since=" + encodeURIComponent(S.newest) : "";
    const age = "&max_age_h=" + $("age-filter").value;
    const d = await api("/api/latest?limit=50000" + fixed + age + since);
    if (full) S.vessels.clear();
    const F = d.fields, ix = Object.fromEntries(F.map((f, i) => [f, i]));
    for (const r of d.rows) {
      const risk = r[ix.risk];
      S.vessels.set(r[ix.mmsi], {
        mmsi: r[ix.mmsi], t: r[ix.t_ms], lat: r[ix.lat], lon: r[ix.lon], sog: r[ix.sog], cog: r[ix.cog],
        name: r[ix.name], ship_type: r[ix.ship_type], flag: r[ix.flag], kind: r[ix.kind],
        risk: risk ? risk.score : null, level: risk ? risk.level : null,
      });
    }
    if (d.newest) S.newest = d.newest;
    vesselLayer.redraw();
    renderVesselCount();
    return d;
  }

  function renderVesselCount() {
    $("vessel-count").textContent = `${S.vessels.size.toLocaleString()} vessels, ${S.drawn.toLocaleString()} in view` +
      (S.newest ? ` · newest position ${fmtT(S.newest)}` : "");
  }

  // ------------------------------------------------------------------ vessel search list
  let searchTimer = null;
  $("vessel-q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(searchVessels, 250); });

  async function searchVessels() {
    const q = $("vessel-q").value.trim();
    const d = await api("/api/vessels?limit=200" + (q ? "&q=" + encodeURIComponent(q) : ""));
    const ul = $("vessel-list");
    ul.innerHTML = "";
    const items = d.items.slice().sort((a, b) => ((b.risk && b.risk.score) || 0) - ((a.risk && a.risk.score) || 0));
    for (const v of items) {
      const li = document.createElement("li");
      li.dataset.mmsi = v.mmsi;
      const lv = v.risk ? v.risk.level : null;
      li.innerHTML = `<div class="t">${lv ? `<span class="badge ${lv}">${esc(v.risk.score)}</span>` : ""}${esc(v.name || "(no name)")}</div>` +
        `<div class="s">MMSI ${v.mmsi}${v.imo ? " · IMO " + v.imo : ""}${v.callsign ? " · " + esc(v.callsign) : ""}${v.flag ? " · " + esc(v.flag) : ""} · ${v.positions.toLocaleString()} pos.</div>`;
      li.addEventListener("click", () => openVessel(v.mmsi, true));
      ul.appendChild(li);
    }
    if (d.total > d.items.length) ul.insertAdjacentHTML("beforeend", `<li class="muted">${d.total - d.items.length} more: refine the search</li>`);
  }

  // ------------------------------------------------------------------ vessel panel
  async function openVessel(mmsi, fly) {
    S.selected = mmsi;
    vesselLayer.redraw();
    const panel = $("vessel-panel");
    panel.classList.remove("hidden");
    $("panel-body").innerHTML = '<p class="muted">loading…</p>';
    stopPlay();
    let v;
    try { v = await api("/api/vessels/" + mmsi); } catch (err) { $("panel-body").textContent = err.message; return; }
    const ev = await api(`/api/events?mmsi=${mmsi}&limit=200`);
    const risk = v.risk;
    const ids = {};
    for (const r of v.identities) (ids[r.field] = ids[r.field] || []).push(r);
    const idRows = Object.entries(ids).map(([f, rs]) => rs.map((r) =>
      `<tr><td>${esc(f)}</td><td>${esc(r.value)}</td><td>${fmtT(r.first_seen)}</td><td>${fmtT(r.last_seen)}</td><td>${r.reports}</td></tr>`).join("")).join("");
    const bd = risk && Array.isArray(risk.breakdown) ? risk.breakdown : [];
    const maxPts = Math.max(1, ...bd.map((b) => b.points || 0));
    const hits = v.sanctions_hits.map((h) => `<tr><td><span class="badge ${h.decision === "alert" ? "red" : "amber"}">${esc(h.decision || "")}</span>${esc(h.score)}</td>` +
      `<td>${esc(h.name || "")}<div class="s">${esc(h.list || "")} ${esc(h.list_version || "")} · ${esc(h.entity_id || "")} · on ${esc(h.matched_on || "")}</div></td></tr>`).join("");
    const alerts = v.alerts.map((a) => alertItemHtml(a)).join("");
    $("panel-body").innerHTML = `
      <h2 data-testid="vessel-name">${esc(v.name || "(no name)")}</h2>
      <div class="muted">MMSI ${v.mmsi}${v.imo ? " · IMO " + v.imo : ""}${v.callsign ? " · " + esc(v.callsign) : ""} · ${esc(v.flag_country || v.flag || "")} · class ${esc(v.ais_class || "?")}</div>
      <div class="muted">seen ${fmtT(v.first_seen)} → ${fmtT(v.last_seen)} · ${v.positions.toLocaleString()} positions</div>
      <div class="row" style="margin-top:8px">
        <button id="btn-track" class="small">Track &amp; playback</button>
        <button id="btn-case" class="small ghost">Case file</button>
      </div>
      <h3>Risk</h3>
      ${risk ? `<div><span class="badge ${risk.level}">${esc(risk.level)}</span> score <b>${esc(risk.score)}</b> from ${risk.n_alerts || 0} alert(s)</div>
        <table>${bd.map((b) => `<tr><td>${esc(b.title || b.indicator)}<div class="bar" style="width:${Math.round(100 * (b.points || 0) / maxPts)}%"></div></td><td>${esc(b.points)}</td></tr>`).join("")}</table>`
        : '<div class="muted">no alert on this vessel</div>'}
      <h3>Sanctions hits</h3>${hits ? `<table>${hits}</table>` : '<div class="muted">none</div>'}
      <h3>Alerts</h3>${alerts ? `<ul class="list" id="panel-alerts">${alerts}</ul>` : '<div class="muted">none</div>'}
      <h3>Identity history</h3><table><tr><th>field</th><th>value</th><th>first</th><th>last</th><th>n</th></tr>${idRows}</table>
      <h3>Events (${ev.total})</h3><ul class="list" id="panel-events">${ev.items.map(eventItemHtml).join("")}</ul>`;
    $("btn-track").addEventListener("click", () => loadTrack(mmsi));
    $("btn-case").addEventListener("click", () => openCase(mmsi));
    bindEventItems($("panel-events"), ev.items);
    if ($("panel-alerts")) bindAlertItems($("panel-alerts"), v.alerts);
    const cur = S.vessels.get(mmsi) || (v.last_position && { lat: v.last_position.lat, lon: v.last_position.lon });
    if (fly && cur) map.setView([cur.lat, cur.lon], Math.max(map.getZoom(), 9));
  }

  $("panel-close").addEventListener("click", () => {
    $("vessel-panel").classList.add("hidden");
    S.selected = null;
    clearTrack();
    vesselLayer.redraw();
  });

  async function openCase(mmsi) {
    const w = window.open("", "_blank");
    try {
      const r = await fetch(`/api/vessels/${mmsi}/case`, { headers: { Authorization: "Bearer " + S.token } });
      const text = await r.text();
      if (!r.ok) { let m = text; try { m = JSON.parse(text).detail; } catch (e) { /* not JSON */ } throw new Error(m); }
      const url = URL.createObjectURL(new Blob([text], { type: "text/html" }));
      if (w) w.location = url; else location.href = url;
    } catch (err) { if (w) w.close(); toast("case file: " + err.message); }
  }

  // ------------------------------------------------------------------ track and playback
  function clearTrack() {
    stopPlay();
    for (const k of ["trackLine", "trackDone", "trackHead"]) if (layers[k]) { map.removeLayer(layers[k]); layers[k] = null; }
    S.track = null;
    $("track-controls").classList.add("hidden");
  }

  async function loadTrack(mmsi) {
    clearTrack();
    const z = Math.round(map.getZoom());
    const d = await api(`/api/vessels/${mmsi}/track?zoom=${Math.max(z, 10)}&max_points=20000`);
    if (d.points.length < 1) { toast("no positions for this vessel"); return; }
    S.track = { mmsi, points: d.points, raw: d.raw_points };
    const ll = d.points.map((p) => [p[1], p[0]]);
    layers.trackLine = L.polyline(ll, { renderer: canvas, color: "#0b3954", weight: 2, opacity: 0.45, interactive: false }).addTo(map);
    layers.trackDone = L.polyline([], { renderer: canvas, color: "#087e8b", weight: 3, interactive: false }).addTo(map);
    layers.trackHead = L.circleMarker(ll[ll.length - 1], { renderer: canvas, radius: 7, color: "#111", weight: 2, fillColor: "#ffd166", fillOpacity: 1 }).addTo(map);
    map.fitBounds(layers.trackLine.getBounds(), { paddingTopLeft: [410, 30], paddingBottomRight: [30, 30], maxZoom: 12 });
    $("track-controls").classList.remove("hidden");
    $("track-slider").value = 1000;
    setTrackTime(1000);
    toast(`${d.returned.toLocaleString()} of ${d.raw_points.toLocaleString()} positions (simplified for zoom ${Math.max(z, 10)})`);
  }

  function trackAt(frac) {  // interpolated [lat, lon] and index at fraction 0..1 of the time span
    const P = S.track.points, t0 = P[0][2], t1 = P[P.length - 1][2];
    const t = t0 + (t1 - t0) * frac;
    let lo = 0, hi = P.length - 1;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (P[mid][2] <= t) lo = mid; else hi = mid; }
    const a = P[lo], b = P[hi];
    const f = b[2] > a[2] ? Math.min(1, Math.max(0, (t - a[2]) / (b[2] - a[2]))) : 0;
    return { t, i: lo, lat: a[1] + (b[1] - a[1]) * f, lon: a[0] + (b[0] - a[0]) * f, sog: a[3] };
  }

  function setTrackTime(v) {
    if (!S.track) return;
    const p = trackAt(v / 1000);
    layers.trackHead.setLatLng([p.lat, p.lon]);
    layers.trackDone.setLatLngs(S.track.points.slice(0, p.i + 1).map((q) => [q[1], q[0]]).concat([[p.lat, p.lon]]));
    $("track-time").textContent = fmtMs(p.t) + (p.sog !== null && p.sog !== undefined ? ` · ${p.sog} kn` : "");
    S.playbackTime = p.t;
  }

  $("track-slider").addEventListener("input", (e) => setTrackTime(+e.target.value));
  $("track-play").addEventListener("click", () => (S.playTimer ? stopPlay() : play()));

  function play() {
    if (!S.track) return;
    const P = S.track.points, span = P[P.length - 1][2] - P[0][2];
    if (+$("track-slider").value >= 1000) $("track-slider").value = 0;
    $("track-play").innerHTML = "&#10074;&#10074; Pause";
    let last = performance.now();
    const step = (now) => {
      const speed = +$("track-speed").value;          // track seconds per wall second
      const dv = span > 0 ? ((now - last) / 1000) * speed * 1000 / (span / 1000) : 1000;
      last = now;
      const v = Math.min(1000, +$("track-slider").value + dv);
      $("track-slider").value = v;
      setTrackTime(v);
      if (v >= 1000) { stopPlay(); return; }
      S.playTimer = requestAnimationFrame(step);
    };
    S.playTimer = requestAnimationFrame(step);
  }

  function stopPlay() {
    if (S.playTimer) cancelAnimationFrame(S.playTimer);
    S.playTimer = null;
    $("track-play").innerHTML = "&#9654; Play";
  }

  // ------------------------------------------------------------------ events
  function eventItemHtml(e) {
    const who = e.vessel && e.vessel.name ? e.vessel.name : e.mmsi;
    return `<li data-id="${esc(e.event_id)}"><div class="t ev-${esc(e.type)}">${esc(e.type.replace("_", " "))}` +
      ` <span class="s">${esc(who)}${e.other_mmsi ? " & " + e.other_mmsi : ""}</span></div>` +
      `<div class="s">${fmtT(e.start)}${e.end !== e.start ? " → " + fmtT(e.end) : ""}${e.zone ? " · " + esc(e.zone) : ""} · conf ${esc(e.confidence)}</div></li>`;
  }

  function bindEventItems(ul, items) {
    const byId = Object.fromEntries(items.map((e) => [e.event_id, e]));
    ul.querySelectorAll("li[data-id]").forEach((li) => li.addEventListener("click", () => showEvent(byId[li.dataset.id])));
  }

  function showEvent(e) {
    if (!e) return;
    if (layers.eventMark) map.removeLayer(layers.eventMark);
    if (e.lat === null || e.lon === null) { openVessel(e.mmsi); return; }
    layers.eventMark = L.circleMarker([e.lat, e.lon], { renderer: canvas, radius: 11, color: "#8e44ad", weight: 3, fill: false })
      .bindPopup(`<b>${esc(e.type)}</b><br>MMSI ${e.mmsi}${e.other_mmsi ? " & " + e.other_mmsi : ""}<br>${fmtT(e.start)} → ${fmtT(e.end)}` +
        `${e.zone ? "<br>" + esc(e.zone) : ""}<br><a href="#" data-open="${e.mmsi}">open vessel</a>`)
      .addTo(map);
    map.setView([e.lat, e.lon], Math.max(map.getZoom(), 9));
    layers.eventMark.openPopup();
  }
  map.on("popupopen", (p) => {
    const a = p.popup.getElement().querySelector("a[data-open]");
    if (a) a.addEventListener("click", (ev) => { ev.preventDefault(); openVessel(+a.dataset.open); });
  });

  async function loadEventTypes() {
    const d = await api("/api/events/types");
    const sel = $("event-type");
    for (const t of d.types) {
      const o = document.createElement("option");
      o.value = t.type; o.textContent = `${t.type.replace("_", " ")} (${t.count})`;
      sel.appendChild(o);
    }
  }

  function eventQuery() {
    const q = new URLSearchParams({ limit: "100", offset: String(S.eventOffset) });
    if ($("event-type").value) q.set("type", $("event-type").value);
    if ($("event-start").value) q.set("start", $("event-start").value + ":00Z");
    if ($("event-end").value) q.set("end", $("event-end").value + ":00Z");
    if ($("event-inview").checked) {
      const b = map.getBounds();
      const c = (x, lo, hi) => Math.min(hi, Math.max(lo, x)).toFixed(4);
      q.set("bbox", [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90), c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)].join(","));
    }
    return q;
  }

  async function loadEvents(more) {
    S.eventOffset = more ? S.eventOffset + 100 : 0;
    let d;
    try { d = await api("/api/events?" + eventQuery()); } catch (err) { $("event-count").textContent = err.message; return; }
    const ul = $("event-list");
    if (!more) ul.innerHTML = "";
    const tmp = document.createElement("ul");
    tmp.innerHTML = d.items.map(eventItemHtml).join("");
    bindEventItems(tmp, d.items);
    while (tmp.firstChild) ul.appendChild(tmp.firstChild);
    $("event-count").textContent = `${d.total.toLocaleString()} events`;
    $("event-more").classList.toggle("hidden", d.offset + d.count >= d.total);
  }
  for (const id of ["event-type", "event-start", "event-end", "event-inview"]) $(id).addEventListener("change", () => loadEvents(false));
  $("event-more").addEventListener("click", () => loadEvents(true));
  map.on("moveend", () => { if ($("event-inview").checked && $("tab-events").classList.contains("active")) loadEvents(false); });

  // ------------------------------------------------------------------ alerts
  function alertItemHtml(a) {
    const canAct = S.me && ROLE[S.me.role] >= 1 && a.status !== "dismissed";
    const acts = canAct ? `<div class="actions"><input placeholder="note" maxlength="4000" data-note>` +
      (a.status === "new" ? `<button class="small" data-act="ack">Acknowledge</button>` : "") +
      (a.status !== "escalated" ? `<button class="small" data-act="escalate">Escalate</button>` : "") +
      `<button class="small ghost" data-act="dismiss">Dismiss</button></div>` : "";
    return `<li data-alert="${esc(a.alert_id)}" data-testid="alert-item"><div class="t"><span class="badge ${esc(a.level || "")}">${esc(a.score)}</span>` +
      `<span class="badge ${esc(a.status)}" data-testid="alert-status">${esc(a.status)}</span>${esc(a.rule_title || a.rule)}</div>` +
      `<div class="s">${esc((a.vessel && a.vessel.name) || a.mmsi)} · ${fmtT(a.start)} · ${esc(a.explanation || "")}</div>${acts}</li>`;
  }

  function bindAlertItems(ul, items) {
    const byId = Object.fromEntries(items.map((a) => [a.alert_id, a]));
    ul.querySelectorAll("li[data-alert]").forEach((li) => {
      const a = byId[li.dataset.alert];
      li.addEventListener("click", (e) => {
        if (e.target.closest(".actions")) return;
        if (a.lat !== null && a.lat !== undefined) map.setView([a.lat, a.lon], Math.max(map.getZoom(), 9));
        openVessel(a.mmsi);
      });
      li.querySelectorAll("button[data-act]").forEach((b) => b.addEventListener("click", async () => {
        const note = li.querySelector("input[data-note]").value.trim() || null;
        b.disabled = true;
        try {
          const r = await api(`/api/alerts/${encodeURIComponent(a.alert_id)}/actions`, { method: "POST", body: { action: b.dataset.act, note } });
          toast(`alert ${r.change.from} → ${r.change.to}`);
          await Promise.all([loadAlerts(), loadLatest(true)]);
          if (S.selected === a.mmsi) openVessel(a.mmsi);
        } catch (err) { toast(err.message); b.disabled = false; }
      }));
    });
  }

  async function loadAlerts() {
    const st = $("alert-status").value;
    const d = await api("/api/alerts?limit=200" + (st ? "&status=" + st : ""));
    $("alert-count").textContent = d.available ? `${d.total.toLocaleString()} alerts` : "alerts not evaluated on this store yet (seasentry run)";
    const ul = $("alert-list");
    ul.innerHTML = d.items.map(alertItemHtml).join("");
    bindAlertItems(ul, d.items);
  }
  $("alert-status").addEventListener("change", loadAlerts);

  // ------------------------------------------------------------------ screening
  $("screen-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { limit: 20 };
    const name = $("screen-name").value.trim(), imo = $("screen-imo").value.trim(), mmsi = $("screen-mmsi").value.trim();
    if (name) body.name = name;
    if ($("screen-type").value) body.type = $("screen-type").value;
    if (imo) body.imo = +imo;
    if (mmsi) body.mmsi = +mmsi;
    const out = $("screen-out");
    try {
      const r = await api("/api/screen", { method: "POST", body });
      out.innerHTML = r.matches.length ? "<ul class='list'>" + r.matches.map((m) =>
        `<li><div class="t"><span class="badge ${m.decision === "alert" ? "red" : "amber"}">${esc(m.score)}</span>${esc(m.name)}</div>` +
        `<div class="s">${esc(m.schema)} · ${esc(m.list)} ${esc(m.list_version || "")} · matched “${esc(m.matched_name)}” on ${esc(m.matched_on || "name")} · ${esc((m.programs || []).join(", "))}</div></li>`).join("") + "</ul>"
        : '<p class="muted">no match at or above the review threshold</p>';
    } catch (err) { out.innerHTML = `<p class="error">${esc(err.message)}</p>`; }
  });

  // ------------------------------------------------------------------ admin
  async function loadAdmin() {
    const t = await api("/api/tokens");
    $("token-list").innerHTML = t.items.map((k) => `<li><span class="t">${esc(k.name)}</span> <span class="badge">${esc(k.role)}</span>` +
      `<div class="s">${esc(k.token_id)} · created ${fmtT(k.created)}${k.revoked ? " · revoked " + fmtT(k.revoked) : ""}</div>` +
      (k.revoked ? "" : `<div class="actions"><button class="small ghost" data-revoke="${esc(k.token_id)}">revoke</button></div>`) + "</li>").join("");
    $("token-list").querySelectorAll("button[data-revoke]").forEach((b) => b.addEventListener("click", async () => {
      if (!confirm("Revoke this token?")) return;
      try { await api("/api/tokens/" + b.dataset.revoke, { method: "DELETE" }); loadAdmin(); } catch (err) { toast(err.message); }
    }));
    const a = await api("/api/audit?limit=100");
    $("audit-list").innerHTML = a.items.map((r) => `<li><div class="t">${esc(r.action)} <span class="s">${esc(r.target || "")}</span></div>` +
      `<div class="s">${fmtT(r.ts)} · ${esc(r.user || "")} (${esc(r.role || "")}) · ${esc(r.outcome)}</div></li>`).join("");
  }
  $("token-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const t = await api("/api/tokens", { method: "POST", body: { name: $("token-name").value.trim(), role: $("token-role").value } });
      $("token-new").textContent = "New token (shown once): " + t.token;
      loadAdmin();
    } catch (err) { toast(err.message); }
  });

  // ------------------------------------------------------------------ tabs
  const tabLoaders = { vessels: searchVessels, events: () => loadEvents(false), alerts: loadAlerts, zones: loadZones, admin: loadAdmin, screen: () => null };
  S.tabLoaders = tabLoaders;
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll("#tabs button").forEach((x) => x.classList.toggle("active", x === b));
    document.querySelectorAll(".tab").forEach((x) => x.classList.toggle("active", x.id === "tab-" + b.dataset.tab));
    Promise.resolve(tabLoaders[b.dataset.tab]()).catch((err) => toast(err.message));
  }));

  // ------------------------------------------------------------------ stats and live updates
  async function loadStats() {
    const s = await api("/api/stats");
    const open = Object.entries(s.alerts_by_status || {}).filter(([k]) => k !== "dismissed").reduce((n, [, v]) => n + v, 0);
    $("stats").textContent = `${s.vessels.toLocaleString()} vessels · ${s.positions.toLocaleString()} positions · ` +
      `${s.events.toLocaleString()} events · ${open.toLocaleString()} open alerts`;
  }

  function setLive(on, text) {
    S.live = on;
    $("live").className = "live " + (on ? "on" : "off");
    $("live").innerHTML = "&#9679; " + (text || (on ? "live" : "offline"));
  }

  async function streamLoop() {      // SSE over fetch (keeps the token in a header, not in the URL)
    let failures = 0;
    while (S.token) {
      try {
        const r = await fetch("/api/stream?duration=300", { headers: { Authorization: "Bearer " + S.token } });
        if (r.status === 401) { showLogin("Your token is invalid or was revoked."); return; }
        if (!r.ok || !r.body) throw new Error("stream " + r.status);
        setLive(true);
        failures = 0;
        const reader = r.body.getReader(), dec = new TextDecoder();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let k;
          while ((k = buf.indexOf("\n\n")) >= 0) {
            const frame = buf.slice(0, k); buf = buf.slice(k + 2);
            let kind = "message", data = "";
            for (const line of frame.split("\n")) {
              if (line.startsWith("event: ")) kind = line.slice(7);
              else if (line.startsWith("data: ")) data += line.slice(6);
            }
            if (data) onLive(kind, JSON.parse(data));
          }
        }
      } catch (err) {
        failures += 1;
        setLive(false, "reconnecting");
      }
      await new Promise((res) => setTimeout(res, Math.min(30000, 1000 * 2 ** Math.min(failures, 5))));
    }
  }

  let refreshTimer = null;
  function onLive(kind, data) {
    if (kind === "positions") loadLatest(false).then(renderVesselCount).catch(() => null);
    if (kind === "events" || kind === "event") {
      const n = kind === "events" ? (data.new || []).length : 1;
      if (n) toast(`${n} new event(s)`);
      if ($("tab-events").classList.contains("active")) loadEvents(false);
    }
    if (kind === "alerts" || kind === "event") {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        loadLatest(true).catch(() => null);
        if ($("tab-alerts").classList.contains("active")) loadAlerts();
      }, 500);
    }
    if (kind === "positions" || kind === "events" || kind === "alerts") loadStats().catch(() => null);
  }

  // ------------------------------------------------------------------ start
  async function start() {
    S.me = await api("/api/me");
    localStorage.setItem("seasentry.token", S.token);
    $("login").classList.add("hidden");
    $("whoami").textContent = `${S.me.name} (${S.me.role})`;
    document.querySelectorAll(".role-analyst").forEach((x) => x.classList.toggle("hidden", ROLE[S.me.role] < 1));
    document.querySelectorAll(".role-admin").forEach((x) => x.classList.toggle("hidden", ROLE[S.me.role] < 2));
    await loadBasemap();
    await Promise.all([loadLatest(true), loadStats(), loadZones(), loadEventTypes(), searchVessels()]);
    await Promise.all(S.hooks.map((h) => Promise.resolve(h()).catch((err) => toast(err.message))));
    document.body.dataset.ready = "1";
    streamLoop();
  }

  if (S.token) start().catch(() => showLogin());
  else showLogin();
})();
