// DOM building for data we do not control: incident text comes from security events and may hold markup meant to
// run here. Everything is built with createElement and text nodes; no HTML string is ever parsed, and the only links
// are our own hash routes.

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

// Incident ids are "inc-" and hex; anything else is not linked.
const INCIDENT_ID = /^inc-[0-9a-z]{1,64}$/i;
// Report ids are "<schedule>-<yyyyMMdd>T<HHmm[ss]>Z" (daily-20260302T0600Z); they open the report view.
const REPORT_ID = /^[a-z0-9_-]{1,64}-\d{8}T\d{4}(\d{2})?Z$/i;
const CITATION = /\[(inc-[0-9a-z]{1,64}|[a-z0-9_-]{1,64}-\d{8}T\d{4}(?:\d{2})?Z)\]/gi;

/**
 * An element with properties and children. Properties: class, text, dataset, on<event> handlers, and plain
 * attributes; href, src and style are refused here so that data can never become a URL or a style.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'href' || name === 'src' || name === 'style' || name.startsWith('on')) throw new Error(`el: ${name} is not allowed`);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends strings as text nodes, elements as they are; null, undefined and false are skipped, arrays flattened. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const byId = (id) => document.getElementById(id);

export function isIncidentId(id) {
  return typeof id === 'string' && INCIDENT_ID.test(id);
}

export function isReportId(id) {
  return typeof id === 'string' && !isIncidentId(id) && REPORT_ID.test(id);
}

/** A link to what a citation names: an incident or a stored report; plain text for anything else. */
export function citationLink(id) {
  if (!isReportId(id)) return incidentLink(id);
  const link = document.createElement('a');
  link.href = '#/reports/' + encodeURIComponent(id);
  link.textContent = id;
  return link;
}

/** A link to an incident's view, or plain text when the id does not look like ours. */
export function incidentLink(id, text = id) {
  if (!isIncidentId(id)) return document.createTextNode(String(text));
  const link = document.createElement('a');
  link.href = '#/incidents/' + encodeURIComponent(id);
  link.textContent = String(text);
  return link;
}

/** A link to a route of this page: the target always starts with "#/". */
export function routeLink(route, text, className) {
  const link = document.createElement('a');
  link.href = '#/' + route.replace(/^#?\/?/, '');
  link.textContent = text;
  if (className) link.className = className;
  return link;
}

/** Answer text with every [inc-...] or [report-id] citation turned into a link to that incident or report. */
export function textWithCitations(text) {
  const parts = [];
  let last = 0;
  for (const match of String(text).matchAll(CITATION)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push('[', citationLink(match[1]), ']');
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export function severityBadge(severity) {
  const name = SEVERITIES.has(severity) ? severity : 'unknown';
  return el('span', { class: `sev sev-${name}` }, String(severity ?? 'unknown'));
}

/** UTC, to the second, as SOC timelines are read: 2026-03-02 08:40:12Z. */
export function formatTime(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return String(iso ?? '');
  return time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function timeElement(iso) {
  return el('time', { datetime: iso }, formatTime(iso));
}

export function formatDuration(fromIso, toIso) {
  const seconds = Math.max(0, Math.round((new Date(toIso) - new Date(fromIso)) / 1000));
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export function truncate(text, length) {
  const value = String(text ?? '');
  return value.length <= length ? value : value.slice(0, length - 1).trimEnd() + '\u2026';
}

/** A table with a caption, column headers and one row per item; `cells` returns the row's cell contents. */
export function table(caption, headers, items, cells, className = 'detail') {
  return el('table', { class: className },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map((header) => el('th', { scope: 'col' }, header)))),
    el('tbody', {}, items.map((item) => el('tr', {}, cells(item).map((cell) => el('td', { class: 'wrap' }, cell))))));
}

/** Event ids as evidence: a few inline, more folded behind a disclosure. */
export function evidenceList(ids) {
  const list = Array.isArray(ids) ? ids : [];
  if (list.length === 0) return el('span', { class: 'empty' }, 'none');
  const codes = list.map((id) => el('code', { class: 'tag' }, String(id)));
  if (list.length <= 3) return el('span', { class: 'evidence' }, codes);
  return el('details', { class: 'evidence' }, el('summary', {}, `${list.length} events`), codes);
}
