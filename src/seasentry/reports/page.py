"""The incident page: the incident's fields, its sources, and each source's text with what was
extracted from it highlighted (type cues, dates, places, persons, organisations, vessels,
counts). Self-contained HTML (no script); Arabic sources are laid out right to left. Used by
`seasentry incidents show ID --html FILE` and by the web map (/api/incidents/{id}/page).
"""

from __future__ import annotations

import html

KIND_LABEL = {"type": "incident type", "date": "date", "place": "place", "person": "person",
              "organisation": "organisation", "vessel": "vessel", "count": "count"}
CSS = """
.inc{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Naskh Arabic',sans-serif;color:#1b1b1b;line-height:1.45}
.inc h1{font-size:1.3em;margin:.2em 0}.inc h2{font-size:1.05em;border-bottom:1px solid #bbb;margin-top:1.2em}
.inc table{border-collapse:collapse;font-size:.9em;margin:.4em 0}.inc td,.inc th{border:1px solid #ccc;padding:2px 6px;
text-align:left;vertical-align:top}.inc th{background:#f1f1f1}.inc .src{border:1px solid #ddd;border-radius:4px;
padding:.6em;margin:.6em 0;background:#fcfcfc}.inc .meta{color:#555;font-size:.85em}.inc .txt{white-space:pre-wrap}
.inc mark{padding:0 2px;border-radius:3px}.inc .k-type{background:#f9c0c0}.inc .k-date{background:#c6e2ff}
.inc .k-place{background:#c8f0c8}.inc .k-person{background:#ffe3a8}.inc .k-organisation{background:#e3d4f7}
.inc .k-vessel{background:#ffd0ec}.inc .k-count{background:#d9d9d9}.inc .inc-legend mark{margin-right:.4em}
.inc .hit{color:#b00020;font-weight:bold}
"""


def e(v) -> str:
    return "" if v is None else html.escape(str(v))


def highlight(text: str, spans: list[dict]) -> str:
    """Escaped ``text`` with non-overlapping ``spans`` wrapped in <mark> (the longest wins)."""
    spans = sorted((s for s in spans if 0 <= s["start"] < s["end"] <= len(text)),
                   key=lambda s: (s["start"], -(s["end"] - s["start"])))
    out, pos = [], 0
    for s in spans:
        if s["start"] < pos:
            continue
        out.append(html.escape(text[pos:s["start"]]))
        title = f"{KIND_LABEL.get(s['kind'], s['kind'])}: {s.get('label', '')}"
        out.append(f'<mark class="k-{e(s["kind"])}" title="{e(title)}">{html.escape(text[s["start"]:s["end"]])}</mark>')
        pos = s["end"]
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _names(items, key="name"):
    out = []
    for x in items:
        s = e(x.get(key))
        if x.get("imo"):
            s += f" (IMO {e(x['imo'])})"
        if x.get("mmsi"):
            s += f" (MMSI {e(x['mmsi'])})"
        if x.get("sanctions"):
            s += " <span class='hit'>sanctions: " + ", ".join(
                f"{e(m.get('list'))} {e(m.get('entity_id'))} '{e(m.get('name'))}' {m.get('score')}" for m in x["sanctions"]) \
                + "</span>"
        if x.get("ais"):
            s += " [AIS: " + ", ".join(f"MMSI {e(a['mmsi'])} {e(a.get('name'))} by {e(a.get('linked_on'))}"
                                       for a in x["ais"]) + "]"
        out.append(s)
    return "; ".join(out) or "-"


def render_page(rec: dict, standalone: bool = False) -> str:
    c = rec.get("counts") or {}
    rows = [
        ("type", e(rec["type"])), ("date", e(rec["start"]) + ("" if rec["end"] == rec["start"] else f" to {e(rec['end'])}")),
        ("place", f"{e(rec.get('place'))} ({e(rec.get('country'))})" + (
            f" at {rec['lat']:.4f}, {rec['lon']:.4f}" if rec.get("lat") is not None else "")),
        ("all places", "; ".join(f"{e(p['name'])}" + (f" / {e(p['name_ar'])}" if p.get("name_ar") else "")
                                 for p in rec.get("places") or []) or "-"),
        ("counts", ", ".join(f"{k} {e(v)}" for k, v in c.items()) or "-"),
        ("persons", _names(rec.get("persons") or [])),
        ("organisations", _names(rec.get("organisations") or [])),
        ("vessels", _names(rec.get("vessels") or [])),
        ("sanctions-list entries", ", ".join(e(s) for s in rec.get("sanctions") or []) or "none"),
        ("topics", ", ".join(e(t) for t in rec.get("topics") or []) or "-"),
        ("confidence", e(rec.get("confidence"))), ("sources", e(len(rec.get("source_documents") or rec["sources"]))),
        ("incident id", f"<code>{e(rec['incident_id'])}</code>"),
    ]
    parts = [f"<div class='inc' data-incident='{e(rec['incident_id'])}'>",
             f"<h1>{e(rec['type']).capitalize()} &middot; {e(rec.get('place') or 'place unknown')} &middot; "
             f"{e(rec['start'])}</h1>",
             "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"]
    if rec.get("notes"):
        parts.append("<p class='meta'>" + "<br>".join(e(n) for n in rec["notes"]) + "</p>")
    parts.append("<h2>Sources</h2><p class='inc-legend meta'>" + "".join(
        f"<mark class='k-{k}'>{v}</mark>" for k, v in KIND_LABEL.items()) + "</p>")
    for s in rec.get("source_documents") or []:
        rtl = s.get("language") == "ar"
        link = s.get("source") or ""
        link_html = f"<a href='{e(link)}' rel='noopener noreferrer'>{e(link)}</a>" if str(link).startswith(("http://",
                                                                                                         "https://")) \
            else f"<code>{e(link)}</code>"
        meta = (f"{e(s.get('source_name'))} &middot; {link_html}" + (f" &middot; {e(s.get('item'))}" if s.get("item") else "")
                + f" &middot; published {e(s.get('published'))} (from {e(s.get('published_how'))}) &middot; "
                f"language {e(s.get('language'))} &middot; {e(s.get('kind'))}, read as {e(s.get('type'))} "
                f"(confidence {e(s.get('confidence'))}, date from {e(s.get('date_how'))})")
        body = highlight(s.get("text") or "", s.get("spans") or []) if s.get("kind") == "text" else e(s.get("text"))
        parts.append(f"<div class='src'><div class='meta'>{meta}</div>"
                     f"<div class='txt' dir='{'rtl' if rtl else 'ltr'}' lang='{e(s.get('language'))}'>{body}</div>"
                     + (f"<div class='meta'>supporting sentence: <span dir='auto'>{e(s.get('sentence'))}</span></div>")
                     + ("".join(f"<div class='meta'>{e(n)}</div>" for n in s.get("notes") or []))
                     + "</div>")
    parts.append("</div>")
    body = "\n".join(parts)
    if not standalone:
        return body
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Incident {e(rec['incident_id'])}"
            f"</title><style>body{{max-width:960px;margin:1em auto;padding:0 1em}}{CSS}</style></head><body>{body}"
            f"</body></html>\n")
