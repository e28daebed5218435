// The incident report (report-model.ts) as one self-contained HTML file a person can open offline:
// styles and the little script inline, nothing fetched, an SVG timeline per key, and tables that
// sort when their header is clicked. Every text is escaped; secrets arrive redacted. The content
// security policy allows nothing to be fetched, no form to be sent, no base URL to be changed, and
// no referrer to leave; the page holds no link, so there is nowhere to navigate to.
import type { Block, ReportModel, TimelineEvent } from './report-model.js';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// The model's text marks: `code` and **strong**, applied after escaping.
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const TONE = { info: '#4a6fa5', bad: '#c0392b', good: '#2e8b57' } as const;

// Events on a horizontal time axis, labels below in order so long ones never overlap.
function timelineSvg(events: TimelineEvent[]): string {
  if (events.length === 0) return '<p>No dated events.</p>';
  const times = events.map((e) => Date.parse(e.time));
  const min = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - min);
  const width = 760;
  const x = (t: number) => 20 + ((t - min) / span) * (width - 40);
  const rowHeight = 20;
  const height = 50 + events.length * rowHeight;
  const marks = events
    .map((e, i) => {
      const cx = x(Date.parse(e.time)).toFixed(1);
      const y = 50 + i * rowHeight;
      return `<line x1="${cx}" y1="30" x2="${cx}" y2="${y - 5}" stroke="${TONE[e.tone]}" stroke-dasharray="2,2"/><circle cx="${cx}" cy="30" r="6" fill="${TONE[e.tone]}"><title>${escapeHtml(e.time)}</title></circle><text x="20" y="${y + 5}" font-size="12"><tspan font-weight="bold" fill="${TONE[e.tone]}">${escapeHtml(e.time.slice(0, 16).replace('T', ' '))}</tspan> ${escapeHtml(e.label.replace(/\*\*|`/g, ''))}</text>`;
    })
    .join('');
  return `<svg class="timeline" role="img" aria-label="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><line x1="20" y1="30" x2="${width - 20}" y2="30" stroke="#888" stroke-width="2"/>${marks}</svg>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h3>${inline(b.text)}</h3>`;
    case 'paragraph':
      return `<p>${inline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table class="sortable"><thead><tr>${b.head.map((h) => `<th title="sort">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'timeline':
      return timelineSvg(b.events);
  }
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}h3{margin-top:1.2em}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f0f0f0;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
code{background:#f4f4f4;padding:0 .25em;border-radius:3px}strong{color:#a00}.timeline{display:block;margin:.5em 0;max-width:100%;height:auto}`;

// Sorts a table by the clicked column: numbers as numbers, the rest as text; a second click reverses.
const SCRIPT = `document.querySelectorAll('table.sortable th').forEach(function(th,col){th.addEventListener('click',function(){
var table=th.closest('table'),body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
var asc=th.getAttribute('aria-sort')!=='ascending';table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});
th.setAttribute('aria-sort',asc?'ascending':'descending');
rows.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent,nx=parseFloat(x),ny=parseFloat(y);
var c=(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x.trim()&&String(ny)===y.trim())?nx-ny:x.localeCompare(y);return asc?c:-c});
rows.forEach(function(r){body.appendChild(r)})})});`;

/** The report as one HTML file. */
export function renderIncidentHtml(model: ReportModel): string {
  const sections = model.sections
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(model.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(model.title)}</h1><p>${escapeHtml(model.subtitle)}</p>
${sections}
<script>${SCRIPT}</script></body></html>
`;
}
