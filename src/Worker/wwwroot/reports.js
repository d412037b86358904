// The stored threat reports: a list (#/reports) and one report (#/reports/<id>) shown as its Markdown text. Reports
// are computed from the store, but host and user names inside them come from events, so they stay text here too.

import { getJson, request } from './api.js';
import { byId, el, formatTime, routeLink } from './dom.js';

export async function renderReports(isCurrent) {
  const rows = byId('report-rows');
  const status = byId('reports-status');
  rows.replaceChildren();
  status.textContent = 'Loading…';
  const page = await getJson('/api/reports?limit=50');
  if (!isCurrent()) return;
  const items = Array.isArray(page?.items) ? page.items : [];
  status.textContent = items.length === 0
    ? 'No reports stored yet: the schedules produce them (Reports:Schedules), or run the report command.'
    : `${items.length} most recent report${items.length === 1 ? '' : 's'}`;
  rows.replaceChildren(...items.map((report) => el('tr', {},
    el('td', {}, routeLink('reports/' + encodeURIComponent(String(report.id)), String(report.id))),
    el('td', {}, String(report.schedule ?? '')),
    el('td', {}, `${formatTime(report.from)} to ${formatTime(report.to)}`),
    el('td', { class: 'number' }, String(report.incidents ?? '')),
    el('td', {}, String(report.audience ?? '')),
    el('td', {}, String(report.narrativeStatus ?? '')))));
}

export async function renderReport(id, isCurrent) {
  const detail = byId('report-detail');
  detail.replaceChildren(el('p', { class: 'status' }, 'Loading…'));
  const response = await request('/api/reports/' + encodeURIComponent(id) + '?format=md', { accept: 'text/markdown' });
  const text = await response.text();
  if (!isCurrent()) return;
  detail.replaceChildren(
    routeLink('reports', '← Reports', 'back'),
    el('h1', { tabindex: '-1' }, id),
    el('pre', { class: 'report-text' }, text));
  detail.querySelector('h1').focus();
}
