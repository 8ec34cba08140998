// HTML reporter: <outDir>/report.html, the page a person opens when CI goes red. One self-contained file:
// inline CSS and JS, no external requests (enforced by a Content-Security-Policy that admits only this
// file's own style and script by hash), every string from the results escaped, readable without JS
// (every check is a <details>; the filter buttons appear only when the script runs).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check, Level, Status, TranscriptEntry } from '../generated/types/meta/results.ts';
import type { Reporter, ReporterOptions, RunResults } from './reporter.ts';
import { escapeHtml as e, redactResults } from './sanitize.ts';
import { decisionFor } from './sections.ts';
import { LEVELS, STATUSES, SYMBOL, blockedUnder, countStatuses, countsByLevel, formatMs, formatOffset, groupChecks, inEffect, isGating, limitLines, plural, rootCauses, verdictReason, type RootCause } from './summary.ts';

export const HTML_FILE = 'report.html';

const STATUS_LABEL: Record<Status, string> = { pass: 'Pass', fail: 'Fail', blocked: 'Blocked', skip: 'Skip', error: 'Error' };
const DIR_LABEL: Record<TranscriptEntry['dir'], string> = { send: '→ send', recv: '← recv', info: '· info' };
const PRETTY_LIMIT = 20_000;
/** Bodies longer than this (lines or characters) are folded under a one-line summary. */
const FOLD_LINES = 8;
const FOLD_CHARS = 600;

const CSS = `
:root{--bg:#f6f7f9;--panel:#fff;--text:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#eef1f4;--code:#f3f4f6;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--skip:#9a6700;--skip-bg:#fff8c5;--error:#8250df;--error-bg:#fbefff;--accent:#0969da;
--blocked:#0a6d8a;--blocked-bg:#ddf4fb;--finding:#bc4c00;--finding-bg:#fff1e5;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--panel:#161b22;--text:#e6edf3;--muted:#9198a1;--line:#30363d;--soft:#1c2129;--code:#1c2129;
--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1315;--skip:#d29922;--skip-bg:#2b2111;--error:#ab7df8;--error-bg:#231a33;--accent:#4493f8;
--blocked:#39c5e0;--blocked-bg:#0f2a33;--finding:#f0883e;--finding-bg:#2e1c0e}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,pre,.mono{font-family:var(--mono);font-size:12.5px}
.wrap{max-width:1180px;margin:0 auto;padding:24px}
header.top{background:var(--panel);border-bottom:1px solid var(--line)}
header.top .wrap{display:grid;grid-template-columns:auto 1fr;gap:8px 24px;align-items:center;padding-bottom:20px}
.brand{grid-column:1/-1;color:var(--muted);font-size:13px;letter-spacing:.02em}
.brand b{color:var(--text)}
.verdict{display:inline-flex;align-items:center;gap:8px;font-weight:700;font-size:22px;padding:6px 16px;border-radius:8px;letter-spacing:.04em}
.verdict.pass{color:var(--pass);background:var(--pass-bg)}
.verdict.fail{color:var(--fail);background:var(--fail-bg)}
.verdict-text h1{margin:0;font-size:20px;font-weight:600}
.verdict-text p{margin:2px 0 0;color:var(--muted)}
dl.meta{grid-column:1/-1;display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px 24px;margin:12px 0 0}
dl.meta div{min-width:0}
dl.meta dt{color:var(--muted);font-size:12px}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;margin-bottom:16px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 16px;border-top:3px solid var(--line)}
.card .n{font-size:26px;font-weight:650;line-height:1.2}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.card.pass{border-top-color:var(--pass)}.card.pass .n{color:var(--pass)}
.card.fail{border-top-color:var(--fail)}.card.fail .n{color:var(--fail)}
.card.skip{border-top-color:var(--skip)}.card.skip .n{color:var(--skip)}
.card.error{border-top-color:var(--error)}.card.error .n{color:var(--error)}
.card.zero .n{color:var(--muted)}
table.levels{border-collapse:collapse;background:var(--panel);border:1px solid var(--line);border-radius:8px;overflow:hidden;min-width:420px}
table.levels th,table.levels td{padding:6px 14px;border-bottom:1px solid var(--line);text-align:right;font-variant-numeric:tabular-nums}
table.levels th:first-child,table.levels td:first-child{text-align:left}
table.levels thead th{font-size:12px;color:var(--muted);font-weight:600;background:var(--soft)}
table.levels tr:last-child td{border-bottom:0}
table.levels td.nz.fail{color:var(--fail);font-weight:600}table.levels td.nz.error{color:var(--error);font-weight:600}
table.levels td.z{color:var(--muted)}
.summary-row{display:grid;grid-template-columns:auto minmax(0,1fr);gap:16px;align-items:start}
.attention{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:0}
.attention h2{font-size:12px;color:var(--muted);font-weight:600;margin:0 0 6px;text-transform:uppercase;letter-spacing:.06em}
.attention ol{margin:0;padding:0;list-style:none}
.attention li{display:grid;grid-template-columns:auto auto minmax(0,1fr);gap:10px;align-items:baseline;padding:4px 0;border-top:1px solid var(--soft)}
.attention li:first-child{border-top:0}
.attention a{color:var(--accent);text-decoration:none;font-family:var(--mono);font-size:12.5px;white-space:nowrap}
.attention a:hover{text-decoration:underline}
.attention .r{color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.attention.ok p{margin:0;color:var(--pass)}
.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:center;position:sticky;top:0;z-index:2;background:var(--bg);padding:12px 0;margin:8px 0 4px;border-bottom:1px solid var(--line)}
.filters .label{color:var(--muted);font-size:12px;margin-right:4px}
.filters button{font:inherit;font-size:13px;border:1px solid var(--line);background:var(--panel);color:var(--text);border-radius:999px;padding:3px 12px;cursor:pointer}
.filters button:hover{border-color:var(--muted)}
.filters button[aria-pressed=true]{background:var(--text);color:var(--panel);border-color:var(--text)}
.filters button .c{opacity:.7;margin-left:4px;font-variant-numeric:tabular-nums}
.filters .spacer{flex:1}
.no-js-note{color:var(--muted);font-size:12px;margin:12px 0}
.js .no-js-note{display:none}
.filters{display:none}.js .filters{display:flex}
h2.profile{font-size:18px;margin:24px 0 8px}
h2.profile .sub{color:var(--muted);font-weight:400;font-size:13px;margin-left:8px}
section.doc{margin:0 0 16px}
h3.doc{font-size:13px;font-weight:600;margin:16px 0 6px;color:var(--muted);display:flex;gap:10px;align-items:baseline}
h3.doc .mono{color:var(--text)}
.checks{background:var(--panel);border:1px solid var(--line);border-radius:8px;overflow:hidden}
details.check{border-bottom:1px solid var(--line);scroll-margin-top:64px}
details.check:last-child{border-bottom:0}
details.check>summary{list-style:none;display:grid;grid-template-columns:84px minmax(120px,auto) 64px minmax(0,1fr) auto;gap:12px;align-items:center;padding:8px 14px;cursor:pointer}
details.check>summary::-webkit-details-marker{display:none}
details.check>summary:hover{background:var(--soft)}
details.check>summary:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
details.check[open]>summary{background:var(--soft);border-bottom:1px solid var(--line)}
.status{display:inline-flex;align-items:center;justify-content:center;gap:5px;font-size:12px;font-weight:600;border-radius:999px;padding:1px 8px;white-space:nowrap}
.status.pass{color:var(--pass);background:var(--pass-bg)}.status.fail{color:var(--fail);background:var(--fail-bg)}
.status.skip{color:var(--skip);background:var(--skip-bg)}.status.error{color:var(--error);background:var(--error-bg)}
.id{font-family:var(--mono);font-size:12.5px;white-space:nowrap}
.level{font-size:11px;font-weight:700;letter-spacing:.05em;border:1px solid var(--line);border-radius:4px;padding:0 5px;text-align:center;color:var(--muted)}
.level.MUST{color:var(--text);border-color:var(--muted)}
.titles{min-width:0}
.titles .title{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.titles .why{display:block;color:var(--muted);font-size:12.5px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
details.check[data-status=fail] .why{color:var(--fail)}details.check[data-status=error] .why{color:var(--error)}
.dur{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums;white-space:nowrap}
.body{padding:14px 18px 18px}
.fields{display:grid;grid-template-columns:110px minmax(0,1fr);gap:8px 16px;margin:0}
.fields dt{color:var(--muted);font-size:12px;padding-top:2px}
.fields dd{margin:0;min-width:0}
blockquote{margin:0;padding:2px 0 2px 12px;border-left:3px solid var(--line)}
ul.expected{margin:0;padding:0;list-style:none}
ul.expected li{margin:0 0 4px}
ul.expected li::before{content:"✓";color:var(--pass);margin-right:6px}
.any{color:var(--muted);font-size:12px}
pre{margin:0;background:var(--code);border:1px solid var(--line);border-radius:6px;padding:8px 10px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:320px;overflow:auto}
code.inline{background:var(--code);border:1px solid var(--line);border-radius:4px;padding:0 4px;overflow-wrap:anywhere}
.observed.bad{border-color:var(--fail);background:var(--fail-bg)}
.reason.fail{color:var(--fail);font-weight:600}.reason.error{color:var(--error);font-weight:600}
.hint{background:var(--skip-bg);border-radius:6px;padding:6px 10px}
.tag{display:inline-block;background:var(--soft);border:1px solid var(--line);border-radius:999px;padding:0 8px;font-size:12px;margin:0 4px 4px 0}
h4{font-size:13px;margin:18px 0 8px}
h4 .sub{color:var(--muted);font-weight:400}
.scroll{overflow-x:auto}
table.transcript{width:100%;border-collapse:collapse;table-layout:fixed;font-size:12.5px}
table.transcript th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;padding:4px 8px;border-bottom:1px solid var(--line)}
table.transcript td{padding:5px 8px;border-bottom:1px solid var(--soft);vertical-align:top;overflow-wrap:anywhere}
table.transcript col.at{width:84px}table.transcript col.ch{width:64px}table.transcript col.dir{width:76px}table.transcript col.sum{width:34%}
table.transcript td.at{font-family:var(--mono);color:var(--muted);text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.transcript tr.send td.dir{color:var(--accent)}table.transcript tr.recv td.dir{color:var(--pass)}table.transcript tr.info td{color:var(--muted)}
table.transcript pre{max-height:220px;font-size:12px;padding:6px 8px}
.empty{color:var(--muted);font-style:italic}
.none-match{background:var(--panel);border:1px dashed var(--line);border-radius:8px;padding:24px;text-align:center;color:var(--muted);margin-top:16px}
footer{color:var(--muted);font-size:12px;padding:24px 0 40px}
@media (max-width:760px){.summary-row{grid-template-columns:1fr}.cards{grid-template-columns:repeat(2,minmax(0,1fr))}details.check>summary{grid-template-columns:auto auto 1fr;}
.titles{grid-column:1/-1}.dur{display:none}.level{justify-self:start}table.transcript{min-width:620px}.fields{grid-template-columns:1fr}table.levels{min-width:0;width:100%}}
@media print{.filters{display:none!important}body{background:#fff}}
.verdict.incomplete{color:var(--blocked);background:var(--blocked-bg)}
.card.blocked{border-top-color:var(--blocked)}.card.blocked .n{color:var(--blocked)}
.status.blocked{color:var(--blocked);background:var(--blocked-bg)}
.status.finding{color:var(--finding);background:var(--finding-bg)}
details.check[data-gating=no][data-status=fail] .why,details.check[data-gating=no][data-status=error] .why{color:var(--finding)}
details.check[data-gating=no][data-status=fail]>summary,details.check[data-gating=no][data-status=error]>summary{border-left:3px solid var(--finding)}
details.check[data-gating=yes][data-status=fail]>summary,details.check[data-gating=yes][data-status=error]>summary{border-left:3px solid var(--fail)}
details.check[data-status=blocked] .why{color:var(--blocked)}
table.levels td.nz.blocked{color:var(--blocked);font-weight:600}
.attention h3{font-size:12px;margin:8px 0 2px;color:var(--muted);font-weight:600}
.filters input[type=search]{font:inherit;font-size:13px;border:1px solid var(--line);background:var(--panel);color:var(--text);border-radius:6px;padding:3px 10px;min-width:220px}
.filters .group{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.filters .sep{width:1px;height:20px;background:var(--line);margin:0 4px}
h3.doc .stitle{color:var(--text);font-weight:600}
.decision{background:var(--soft);border-left:3px solid var(--accent);border-radius:4px;padding:6px 10px;font-size:13px}
.decision b{font-family:var(--mono);font-size:12px}
.dtag{font-family:var(--mono);font-size:11px;color:var(--accent);border:1px solid var(--line);border-radius:4px;padding:0 4px;margin-left:6px}
.causes{background:var(--panel);border:1px solid var(--line);border-left:3px solid var(--blocked);border-radius:8px;padding:10px 14px;margin-top:16px}
.causes h2{font-size:12px;color:var(--muted);font-weight:600;margin:0 0 6px;text-transform:uppercase;letter-spacing:.06em}
.cause{border-top:1px solid var(--soft);padding:8px 0}
.cause:first-of-type{border-top:0}
.cause .head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.cause .head .mono{font-weight:600}
.cause .r{color:var(--fail)}
.cause ul{margin:6px 0 0 0;padding-left:18px}
.cause a,.same-hint a,.why a{color:var(--accent);text-decoration:none;font-family:var(--mono);font-size:12.5px}
table.transcript col.conn{width:88px}table.transcript col.ty{width:110px}
table.transcript td.conn,table.transcript td.ty{font-family:var(--mono);font-size:12px;overflow-wrap:anywhere}
table.transcript td.ty{color:var(--accent)}
.tfilter{display:flex;gap:8px;align-items:center;font-size:12px;color:var(--muted);margin:0 0 6px}
.tfilter select{font:inherit;font-size:12px}
details.fold>summary{cursor:pointer;color:var(--muted);font-family:var(--mono);font-size:12px}
details.fold[open]>summary{margin-bottom:4px}
`.trim();

const SCRIPT = `
(function () {
  var doc = document;
  doc.documentElement.classList.add('js');
  var statusButtons = [].slice.call(doc.querySelectorAll('.filters button[data-filter]'));
  var levelButtons = [].slice.call(doc.querySelectorAll('.filters button[data-level-filter]'));
  var search = doc.getElementById('search');
  var checks = [].slice.call(doc.querySelectorAll('details.check'));
  var groups = [].slice.call(doc.querySelectorAll('section.doc, section.profile'));
  var none = doc.getElementById('none-match');
  var state = { status: doc.body.getAttribute('data-initial') || 'all', level: 'all', q: '' };
  function statusMatches(c) {
    var st = c.getAttribute('data-status');
    if (state.status === 'all') return true;
    if (state.status === 'failures') return st === 'fail' || st === 'error';
    return st === state.status;
  }
  function apply() {
    statusButtons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-filter') === state.status)); });
    levelButtons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-level-filter') === state.level)); });
    var words = state.q.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    checks.forEach(function (c) {
      var text = c.getAttribute('data-search') || '';
      var show = statusMatches(c) && (state.level === 'all' || c.getAttribute('data-level') === state.level) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      c.hidden = !show;
      if (show) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('details.check:not([hidden])'); });
    if (none) {
      none.hidden = shown > 0;
      none.textContent = 'No check matches' + (state.status === 'all' ? '' : ' status \\u201c' + state.status + '\\u201d') +
        (state.level === 'all' ? '' : ', level ' + state.level) + (words.length ? ', search \\u201c' + state.q + '\\u201d' : '') + '.';
    }
  }
  statusButtons.forEach(function (b) { b.addEventListener('click', function () { state.status = b.getAttribute('data-filter'); apply(); }); });
  levelButtons.forEach(function (b) { b.addEventListener('click', function () { state.level = b.getAttribute('data-level-filter'); apply(); }); });
  if (search) search.addEventListener('input', function () { state.q = search.value; apply(); });
  function setOpen(open) { checks.forEach(function (c) { if (!c.hidden) c.open = open; }); }
  var expand = doc.getElementById('expand-all'), collapse = doc.getElementById('collapse-all');
  if (expand) expand.addEventListener('click', function () { setOpen(true); });
  if (collapse) collapse.addEventListener('click', function () { setOpen(false); });
  [].slice.call(doc.querySelectorAll('select.conn')).forEach(function (sel) {
    sel.addEventListener('change', function () {
      var rows = sel.closest('.transcript-wrap').querySelectorAll('tbody tr');
      [].slice.call(rows).forEach(function (r) { r.hidden = sel.value !== '' && r.getAttribute('data-conn') !== sel.value; });
    });
  });
  function openHash() {
    var target = location.hash && doc.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === 'DETAILS') {
      if (target.hidden) { state.status = 'all'; state.level = 'all'; state.q = ''; if (search) search.value = ''; apply(); }
      target.open = true;
    }
  }
  window.addEventListener('hashchange', openHash);
  apply();
  // Opens on the failures: the first one that fails the run is expanded.
  if (state.status === 'failures' && !location.hash) {
    var first = doc.querySelector('details.check[data-gating=yes][data-status=fail]:not([hidden]), details.check[data-status=fail]:not([hidden]), details.check[data-status=error]:not([hidden])');
    if (first) first.open = true;
  }
  openHash();
})();
`.trim();

/** Numbers from the results are typed as numbers; escape them anyway (results are data from outside). */
const n = (value: number): string => e(String(value));

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const CSP = [
  "default-src 'none'",
  `style-src ${sha256(CSS)}`,
  `script-src ${sha256(SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Bodies that are JSON are shown indented; anything else (truncated, binary, text) as it came. */
function prettyBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length > PRETTY_LIMIT || !/^[[{]/.test(trimmed)) return body;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return body;
  }
}

/** `2025-03-04T10:15:00.000Z` -> `2025-03-04 10:15:00 UTC`; anything else as given. */
function readableTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** `check-<id>`, stable for links from CI; a repeated id (not expected) gets a numeric suffix. */
function anchors(checks: Check[]): Map<Check, string> {
  const out = new Map<Check, string>();
  const used = new Set<string>();
  for (const check of checks) {
    const base = `check-${check.id.replace(/[^a-z0-9-]/gi, '_')}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    out.set(check, id);
  }
  return out;
}

/** A status pill; a failure that does not gate the run is a `finding`, shorter in check rows (`short`). */
function statusPill(status: Status, finding = false, short = false): string {
  const label = finding ? (short ? 'Finding' : `${STATUS_LABEL[status] ?? status} · not gating`) : (STATUS_LABEL[status] ?? status);
  const title = finding ? ` title="${e(STATUS_LABEL[status] ?? status)}: does not gate the run"` : '';
  return `<span class="status ${e(status)}${finding ? ' finding' : ''}"${title}><span aria-hidden="true">${e(SYMBOL[status] ?? '?')}</span> ${e(label)}</span>`;
}

/** `[patient] frame` -> connection `patient`, summary `frame`. */
function splitLabel(summary: string): { conn: string; rest: string } {
  const m = /^\[([^\]]{1,40})\] (.*)$/s.exec(summary);
  return m ? { conn: m[1]!, rest: m[2]! } : { conn: '', rest: summary };
}

/** What kind of frame or exchange a row is: the JSON `type` of a frame, `open`, `close`, an HTTP method or status. */
function entryType(t: TranscriptEntry, rest: string): string {
  if (t.channel === 'http') return (/^(\S+)/.exec(rest)?.[1] ?? '').slice(0, 12);
  if (t.channel !== 'ws') return '';
  const word = /^(connect|open|close|refused|error|no handshake|binary frame)/.exec(rest)?.[1];
  if (word && word !== 'binary frame') return word;
  if (t.body) {
    try {
      const v = JSON.parse(t.body) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        if (typeof o.type === 'string') return o.type.slice(0, 40);
        if ('error' in o) return '(error)';
        return `{${Object.keys(o).slice(0, 3).join(',')}}`;
      }
    } catch {
      return word ?? 'text';
    }
  }
  return word ?? '';
}

function bodyCell(body: string | undefined, summary: string): string {
  if (!body) return '';
  const pretty = prettyBody(body);
  const lines = pretty.split('\n');
  // The upgrade response of an `open` row: always folded, it is there for when the handshake is in doubt.
  if (/^HTTP\/\S+ 101/.test(body) && /^open/.test(summary)) {
    return `<details class="fold"><summary>upgrade response headers (${lines.length - 1})</summary><pre>${e(pretty)}</pre></details>`;
  }
  if (lines.length <= FOLD_LINES && pretty.length <= FOLD_CHARS) return `<pre>${e(pretty)}</pre>`;
  const first = body.replace(/\s+/g, ' ').trim();
  return `<details class="fold"><summary>${e(first.length > 60 ? `${first.slice(0, 60)}…` : first)} (${plural(lines.length, 'line')}, ${pretty.length} chars)</summary><pre>${e(pretty)}</pre></details>`;
}

function transcriptTable(entries: TranscriptEntry[]): string {
  if (entries.length === 0) return '<p class="empty">No transcript recorded.</p>';
  const parsed = entries.map((t) => ({ t, ...splitLabel(t.summary) }));
  const conns = [...new Set(parsed.map((p) => p.conn).filter(Boolean))];
  const rows = parsed
    .map(
      ({ t, conn, rest }) =>
        `<tr class="${e(t.dir)}" data-conn="${e(conn)}"><td class="at">${e(formatOffset(t.at))}</td><td class="ch">${e(t.channel)}</td><td class="dir">${e(DIR_LABEL[t.dir] ?? t.dir)}</td>` +
        `<td class="conn">${e(conn)}</td><td class="ty">${e(entryType(t, rest))}</td>` +
        `<td class="sum"><code>${e(rest)}</code></td><td class="body-cell">${bodyCell(t.body, rest)}</td></tr>`,
    )
    .join('\n');
  const filter = conns.length > 1
    ? `<label class="tfilter">Connection <select class="conn"><option value="">all (${conns.length})</option>${conns.map((c) => `<option value="${e(c)}">${e(c)}</option>`).join('')}</select></label>`
    : '';
  return (
    `<div class="transcript-wrap">${filter}<div class="scroll"><table class="transcript"><colgroup><col class="at"><col class="ch"><col class="dir"><col class="conn"><col class="ty"><col class="sum"><col class="bd"></colgroup>` +
    '<thead><tr><th>+ms</th><th>channel</th><th>direction</th><th>connection</th><th>type</th><th>summary</th><th>body</th></tr></thead>' +
    `<tbody>\n${rows}\n</tbody></table></div></div>`
  );
}

function decisionBlock(ref: string | undefined): string {
  const d = decisionFor(ref);
  if (!d) return '';
  return `<div class="decision"><b>${e(d.id)}</b> · the document is silent; schemas/DECISIONS.md decides: ${e(d.decision)}</div>`;
}

interface Page {
  results: RunResults;
  ids: Map<Check, string>;
  byId: Map<string, string>;
  hints: Map<string, string>;
  under: Map<string, Check[]>;
}

const causeAnchor = (id: string): string => `cause-${id.replace(/[^a-z0-9-]/gi, '_')}`;

function checkLink(page: Page, id: string): string {
  const anchor = page.byId.get(id);
  return anchor ? `<a href="#${e(anchor)}">${e(id)}</a>` : `<span class="mono">${e(id)}</span>`;
}

function checkDetails(check: Check, id: string, page: Page): string {
  const bad = check.status === 'fail' || check.status === 'error';
  const gating = isGating(check, page.results.strict) && !page.results.baseline?.known.includes(check.id);
  const fields: string[] = [];
  const field = (name: string, html: string): void => {
    fields.push(`<dt>${name}</dt><dd class="f-${name.toLowerCase()}">${html}</dd>`);
  };
  field('Requirement', `<blockquote>${e(check.requirement)}</blockquote>`);
  field('Document', `<span class="mono">${e(check.doc)}</span> · level <b>${e(check.level)}</b>${bad && !gating ? ' · <span class="status finding">not gating</span>' : ''}`);
  const decisionRef = check.decision ?? (check.doc.startsWith('D-') ? check.doc : undefined);
  if (decisionFor(decisionRef)) field('Decision', decisionBlock(decisionRef));
  if (check.status === 'blocked' && check.blockedBy) {
    const by = check.blockedBy;
    const link = by.kind === 'check' ? checkLink(page, by.id) : `<a href="#${e(causeAnchor(by.id))}">${e(by.id)}</a>`;
    field('Blocked by', `${e(by.kind)} ${link}: ${e(by.reason)}`);
  }
  field('Reason', `<span class="reason ${e(check.status)}">${e(check.reason)}</span>`);
  if (check.status !== 'blocked') {
    field(
      'Expected',
      check.expected.length > 0
        ? `<ul class="expected">${check.expected.map((x) => `<li><code class="inline">${e(x)}</code></li>`).join('')}</ul>` +
            (check.expected.length > 1 ? '<span class="any">any one of these is acceptable</span>' : '')
        : '<span class="empty">nothing stated</span>',
    );
    field('Observed', check.observed ? `<pre class="observed${bad ? ' bad' : ''}">${e(check.observed)}</pre>` : '<span class="empty">nothing</span>');
    if (check.observations?.length) field('Verified', `<ol class="held">${check.observations.map((o) => `<li>${e(o.reason)}<br><code class="inline">${e(o.observed)}</code></li>`).join('')}</ol>`);
  }
  if (check.hint) {
    // One hint once per root cause: later failures with the same hint point at the first.
    const first = page.hints.get(check.hint);
    if (first && first !== check.id) field('Hint', `<div class="same-hint">Same cause as ${checkLink(page, first)}: see its hint.</div>`);
    else {
      page.hints.set(check.hint, check.id);
      field('Hint', `<div class="hint">${e(check.hint)}</div>`);
    }
  }
  if (check.reproduce?.length) field('Reproduce', `<pre class="reproduce">${check.reproduce.map((l) => `$ ${e(l)}`).join('\n')}</pre>`);
  const blocked = page.under.get(check.id) ?? [];
  if (blocked.length) field('Blocked', `${plural(blocked.length, 'check')} could not test their subject: ${blocked.map((b) => checkLink(page, b.id)).join(', ')}`);
  if (check.tags.length > 0) field('Tags', check.tags.map((t) => `<span class="tag">${e(t)}</span>`).join(''));

  const whyText = check.status === 'blocked' && check.blockedBy ? `blocked by ${check.blockedBy.kind} ${check.blockedBy.id}` : check.reason;
  const why = check.status === 'pass' ? '' : `<span class="why">${e(whyText)}</span>`;
  const search = [check.id, check.title, check.reason, check.doc, check.decision ?? '', check.level, check.tags.join(' ')].join(' ').toLowerCase();
  const dtag = check.decision ? `<span class="dtag">${e(check.decision)}</span>` : '';
  return `<details class="check" id="${e(id)}" data-status="${e(check.status)}" data-level="${e(check.level)}" data-gating="${gating ? 'yes' : 'no'}" data-search="${e(search)}">
<summary>${statusPill(check.status, bad && !gating, true)}<span class="id">${e(check.id)}</span><span class="level ${e(check.level)}">${e(check.level)}</span><span class="titles"><span class="title">${e(check.title)}${dtag}</span>${why}</span><span class="dur">${e(formatMs(check.durationMs))}</span></summary>
<div class="body">
<dl class="fields">${fields.join('\n')}</dl>
<h4>Transcript <span class="sub">${check.transcript.length} ${check.transcript.length === 1 ? 'entry' : 'entries'}, times from the start of the check</span></h4>
${transcriptTable(check.transcript)}
</div>
</details>`;
}

function countsText(checks: Check[]): string {
  const counts = countStatuses(checks);
  const parts = STATUSES.filter((s) => counts[s] > 0 && s !== 'pass').map((s) => `${counts[s]} ${s}`);
  return `${plural(checks.length, 'check')}${parts.length ? ` · ${parts.join(' · ')}` : ''}`;
}

/** Failed and errored checks first, linked to their rows: MUST failures, then findings that do not gate. */
function attention(page: Page): string {
  const bad = page.results.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (bad.length === 0) return '<section class="attention ok" aria-label="Needs attention"><h2>Needs attention</h2><p>✓ No check failed or errored.</p></section>';
  const levelRank: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };
  const known = new Set(page.results.baseline?.known ?? []);
  const gating = (c: Check) => isGating(c, page.results.strict) && !known.has(c.id);
  const item = (c: Check) =>
    `<li>${statusPill(c.status, !gating(c))}<a href="#${e(page.ids.get(c) ?? '')}">${e(c.id)}</a><span class="r" title="${e(c.reason)}"><b class="level ${e(c.level)}">${e(c.level)}</b> ${e(c.reason)}</span></li>`;
  const sorted = [...bad].sort((a, b) => levelRank[a.level] - levelRank[b.level]);
  const must = sorted.filter(gating);
  const rest = sorted.filter((c) => !gating(c));
  const parts = [];
  if (must.length) parts.push(`<ol class="gating">${must.map(item).join('')}</ol>`);
  if (rest.length) parts.push(`<h3>Not gating${page.results.strict ? '' : ' without --strict'}${known.size ? ' or known from the baseline' : ''} (${rest.length})</h3><ol class="findings">${rest.map(item).join('')}</ol>`);
  return `<section class="attention" aria-label="Needs attention"><h2>Needs attention (${bad.length})</h2>${parts.join('')}</section>`;
}

/** Each root cause once: a failed prerequisite (with its exchange) or a failed check, and the checks it blocked. */
function causesPanel(causes: RootCause[], page: Page): string {
  if (!causes.length) return '';
  const total = causes.reduce((n, c) => n + c.blocked.length, 0);
  const items = causes.map((c) => {
    const head = c.kind === 'check'
      ? `<div class="head">${statusPill('fail')}<span>check</span>${checkLink(page, c.id)}<span class="r">${e(c.reason)}</span></div>`
      : `<div class="head">${statusPill('fail')}<span>prerequisite</span><span class="mono">${e(c.id)}</span><span>${e(c.title)}</span></div><div class="r">${e(c.reason)}</div>` +
        (c.transcript.length ? `<details class="fold"><summary>exchange (${c.transcript.length} ${c.transcript.length === 1 ? 'entry' : 'entries'})</summary>${transcriptTable(c.transcript)}</details>` : '');
    const list = c.blocked.length ? `<ul>${c.blocked.map((b) => `<li>${checkLink(page, b.id)} <b class="level ${e(b.level)}">${e(b.level)}</b> ${e(b.title)}</li>`).join('')}</ul>` : '';
    return `<div class="cause" id="${e(causeAnchor(c.id))}" data-kind="${e(c.kind)}">${head}${c.blocked.length ? `<div>blocked ${plural(c.blocked.length, 'check')}:</div>` : ''}${list}</div>`;
  });
  return `<section class="causes" aria-label="Root causes"><h2>Blocked: ${plural(total, 'check')} by ${plural(causes.length, 'root cause')}</h2>${items.join('')}</section>`;
}

function levelTable(results: RunResults): string {
  const byLevel = countsByLevel(results);
  const rows = LEVELS.map((level: Level) => {
    const c = byLevel[level];
    const total = STATUSES.reduce((n, s) => n + c[s], 0);
    const cells = STATUSES.map((s) => `<td class="${s} ${c[s] > 0 ? 'nz' : 'z'}">${n(c[s])}</td>`).join('');
    return `<tr data-level="${level}"><td><b>${level}</b></td><td>${n(total)}</td>${cells}</tr>`;
  }).join('');
  return `<table class="levels" aria-label="Counts by level"><thead><tr><th>Level</th><th>Total</th>${STATUSES.map((s) => `<th>${STATUS_LABEL[s]}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderHtml(raw: RunResults): string {
  const results = redactResults(raw);
  const s = results.summary;
  const t = results.target;
  const meta: [string, string][] = [
    ['Profile', `<b>${e(t.profile)}</b>`],
    ['Base URL', `<span class="mono">${e(t.baseUrl)}</span>`],
    ['WebSocket URL', `<span class="mono">${e(t.wsUrl)}</span>`],
    ['Server', t.embedded ? 'embedded reference server' : 'external target'],
    ['Started', `<time datetime="${e(results.startedAt)}">${e(readableTime(results.startedAt))}</time>`],
    ['Duration', e(formatMs(s.durationMs))],
    ['Verdict rule', results.strict ? 'strict: MUST and SHOULD' : 'MUST checks decide'],
    ['Tool', `${e(results.tool.name)} ${e(results.tool.version)}`],
    ...inEffect(t).map(({ label, values }): [string, string] => [label[0]!.toUpperCase() + label.slice(1), values.map((v) => `<span class="mono">${e(v)}</span>`).join('<br>')]),
  ];
  const limits = limitLines(results);
  if (limits.length) meta.push(['Connection limit', limits.map((l) => e(l)).join('<br>')]);
  if (results.baseline) {
    const b = results.baseline;
    meta.push(['Baseline', `<span class="mono">${e(b.file)}</span>: ${n(b.known.length)} known · ${n(b.new.length)} new${b.fixed.length ? ` · fixed: ${b.fixed.map((x) => `<span class="mono">${e(x)}</span>`).join(', ')}` : ''}`]);
  }
  const counts = countStatuses(results.checks);
  const cards = [
    `<div class="card total" data-count="total"><div class="n">${n(s.total)}</div><div class="l">Total</div></div>`,
    ...STATUSES.map((st) => `<div class="card ${st}${s[st] === 0 ? ' zero' : ''}" data-count="${st}"><div class="n">${n(s[st])}</div><div class="l">${STATUS_LABEL[st]}</div></div>`),
  ].join('\n');
  const failures = counts.fail + counts.error;
  const filters = [
    `<span class="group" role="group" aria-label="Status"><span class="label">Status</span>`,
    `<button type="button" data-filter="all" aria-pressed="true">All<span class="c">${results.checks.length}</span></button>`,
    `<button type="button" data-filter="failures" aria-pressed="false">Failures<span class="c">${failures}</span></button>`,
    ...STATUSES.map((st) => `<button type="button" data-filter="${st}" aria-pressed="false">${STATUS_LABEL[st]}<span class="c">${counts[st]}</span></button>`),
    '</span><span class="sep"></span><span class="group" role="group" aria-label="Level"><span class="label">Level</span>',
    `<button type="button" data-level-filter="all" aria-pressed="true">Any</button>`,
    ...LEVELS.map((l) => `<button type="button" data-level-filter="${l}" aria-pressed="false">${l}<span class="c">${results.checks.filter((c) => c.level === l).length}</span></button>`),
    '</span><span class="sep"></span><input type="search" id="search" placeholder="Search id, title, reason…" aria-label="Search checks">',
  ].join('');

  const groups = groupChecks(results.checks);
  const ids = anchors(groups.flatMap((g) => g.sections.flatMap((x) => x.checks)));
  const page: Page = { results, ids, byId: new Map([...ids].map(([c, a]) => [c.id, a])), hints: new Map(), under: blockedUnder(results) };
  // Hints are claimed in the order a person reads the page: failures that gate first.
  for (const c of [...results.checks].sort((a, b) => Number(isGating(b, results.strict)) - Number(isGating(a, results.strict)))) {
    if (c.hint && (c.status === 'fail' || c.status === 'error') && !page.hints.has(c.hint)) page.hints.set(c.hint, c.id);
  }
  const body = groups
    .map(
      (group) =>
        `<section class="profile" data-profile="${e(group.profile)}">
<h2 class="profile">${e(group.profile)}<span class="sub">${countsText(group.sections.flatMap((x) => x.checks))}</span></h2>
${group.sections
  .map(
    (section) => `<section class="doc" data-doc="${e(section.doc)}">
<h3 class="doc"><span class="mono">${e(section.doc)}</span>${section.title ? `<span class="stitle">${e(section.title)}</span>` : ''}<span>${countsText(section.checks)}</span></h3>
${section.doc.startsWith('D-') ? decisionBlock(section.doc) : ''}
<div class="checks">
${section.checks.map((check) => checkDetails(check, ids.get(check) ?? '', page)).join('\n')}
</div>
</section>`,
  )
  .join('\n')}
</section>`,
    )
    .join('\n');

  const verdict = s.verdict;
  const headline = verdict === 'pass' ? 'conforms' : verdict === 'incomplete' ? 'incomplete: checks could not test their subject' : 'does not conform';
  const mark = verdict === 'pass' ? '✓' : verdict === 'incomplete' ? SYMBOL.blocked : '✗';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${verdict.toUpperCase()} · chatconform · ${e(t.profile)}</title>
<style>${CSS}</style>
</head>
<body data-initial="${failures > 0 ? 'failures' : 'all'}">
<header class="top"><div class="wrap">
<div class="brand"><b>chatconform</b> conformance report</div>
<div class="verdict ${verdict}" id="verdict"><span aria-hidden="true">${mark}</span>${verdict.toUpperCase()}</div>
<div class="verdict-text"><h1>${e(t.profile)} — ${headline}</h1><p>${e(verdictReason(results))}</p></div>
<dl class="meta">${meta.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</div></header>
<div class="wrap">
<section class="summary" aria-label="Summary">
<div class="cards">
${cards}
</div>
<div class="summary-row">${levelTable(results)}${attention(page)}</div>
${causesPanel(rootCauses(results), page)}
</section>
<nav class="filters" aria-label="Filter checks">${filters}<span class="spacer"></span><button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></nav>
<p class="no-js-note">Click a check to see its requirement, expected and observed outcomes, and transcript.</p>
<main id="checks">
${body}
<p class="none-match" id="none-match" hidden></p>
</main>
${containerLog(results)}
<footer>Generated by ${e(results.tool.name)} ${e(results.tool.version)} · run ${e(results.startedAt)} → ${e(results.finishedAt)} · secrets are redacted.</footer>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The target's container log (--image), a transcript of its own under the checks. */
function containerLog(results: RunResults): string {
  const c = results.container;
  if (!c) return '';
  const ready = c.readyInMs === undefined ? '' : `, ready in ${c.readyInMs} ms`;
  return `<section class="container-log"><h2 class="profile">Container log<span class="sub">${e(c.image)}${e(ready)} · ${c.transcript.length} lines, times from the container's start</span></h2>
${transcriptTable(c.transcript)}
</section>`;
}

export function htmlReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'html',
    async onRunEnd(results) {
      await mkdir(opts.outDir, { recursive: true });
      const file = join(opts.outDir, HTML_FILE);
      await writeFile(file, renderHtml(results), 'utf8');
      return [file];
    },
  };
}
