// The incident list (search and paging) and the incident view. The search lives in the hash
// (#/incidents?q=...&offset=...) so that back, forward and reload keep it.

import { getJson } from './api.js';
import {
  append, byId, el, evidenceList, formatDuration, incidentLink, routeLink, severityBadge, table, timeElement, truncate,
} from './dom.js';

export const PAGE_SIZE = 50;
const FILTERS = ['q', 'severity', 'technique', 'ioc', 'host', 'user', 'from', 'to'];

/** Fills the search form from the route, fetches the page and renders its rows. */
export async function renderList(params, isCurrent) {
  const form = byId('search-form');
  for (const name of FILTERS) form.elements[name].value = params.get(name) ?? '';
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);

  const status = byId('list-status');
  const rows = byId('incident-rows');
  status.className = 'status';
  status.textContent = 'Loading\u2026';
  rows.closest('table').setAttribute('aria-busy', 'true');

  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  for (const name of FILTERS) {
    const value = (params.get(name) ?? '').trim();
    if (value === '') continue;
    query.set(name, name === 'from' || name === 'to' ? utcFromLocalInput(value) : value);
  }

  try {
    const page = await getJson('/api/incidents?' + query);
    if (!isCurrent()) return;
    const items = Array.isArray(page.items) ? page.items : [];
    rows.replaceChildren(...items.map(incidentRow));
    if (items.length === 0) {
      rows.append(el('tr', {}, el('td', { class: 'empty', colspan: 5 }, 'No incident matches this search.')));
    }
    status.textContent = items.length === 0
      ? 'No incidents found.'
      : `Showing ${offset + 1}\u2013${offset + items.length}${items.length === PAGE_SIZE ? '' : ` of ${offset + items.length}`}.`;
    byId('page-range').textContent = items.length === 0 ? '' : `${offset + 1}\u2013${offset + items.length}`;
    byId('page-previous').disabled = offset === 0;
    byId('page-next').disabled = items.length < PAGE_SIZE;
    byId('page-previous').dataset.offset = String(Math.max(0, offset - PAGE_SIZE));
    byId('page-next').dataset.offset = String(offset + items.length);
  } catch (error) {
    if (!isCurrent()) return;
    rows.replaceChildren();
    byId('page-range').textContent = '';
    status.className = 'status error';
    status.textContent = error.describe?.() ?? 'The incidents could not be loaded.';
    byId('page-previous').disabled = true;
    byId('page-next').disabled = true;
  } finally {
    rows.closest('table').removeAttribute('aria-busy');
  }
}

/** The hash for the form's filters, from the first page. */
export function listRoute(form) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value !== '') params.set(name, value);
  }
  const query = params.toString();
  return '#/incidents' + (query ? '?' + query : '');
}

// datetime-local has no zone; the page shows UTC everywhere, so the input is read as UTC too.
function utcFromLocalInput(value) {
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? value + ':00' : value;
  return withSeconds + 'Z';
}

function incidentRow(incident) {
  const techniques = Array.isArray(incident.techniques) ? incident.techniques : [];
  return el('tr', { dataset: { severity: String(incident.severity) } },
    el('td', {}, severityBadge(incident.severity)),
    el('td', { class: 'time' }, timeElement(incident.first_seen)),
    el('td', { class: 'time' }, timeElement(incident.last_seen)),
    el('td', { class: 'summary wrap' },
      incidentLink(incident.id, truncate(incident.summary, 180)),
      injectionDetected(incident) ? [' ', el('span', { class: 'tag injection', title: 'Events carried text addressed to an automated analyst' }, 'injection')] : null),
    el('td', {}, techniques.length === 0
      ? el('span', { class: 'empty' }, 'none')
      : techniques.map((technique) => el('span', { class: 'tag mono', title: technique.name ?? '' }, technique.id))));
}

/** Fetches one incident and renders every part of it into the detail element. */
export async function renderIncident(id, isCurrent) {
  const detail = byId('incident-detail');
  detail.replaceChildren(el('p', { class: 'status' }, 'Loading\u2026'));
  try {
    const incident = await getJson('/api/incidents/' + encodeURIComponent(id));
    if (!isCurrent()) return;
    detail.replaceChildren();
    append(detail, [incidentSections(incident)]);
  } catch (error) {
    if (!isCurrent()) return;
    detail.replaceChildren(
      routeLink('incidents', '\u2190 Incidents', 'back'),
      el('h1', { tabindex: -1 }, 'Incident'),
      el('p', { class: 'status error' }, error.describe?.() ?? 'The incident could not be loaded.'));
  }
  detail.querySelector('h1')?.focus();
}

function incidentSections(incident) {
  const verification = incident.verification ?? {};
  const provenance = incident.provenance ?? {};
  // An IOC named only inside injection text is the attacker's suggestion: it never sits with the evidence.
  const iocs = Array.isArray(incident.iocs) ? incident.iocs : [];
  const injected = iocs.filter((ioc) => ioc.injected === true);
  return [
    routeLink('incidents', '\u2190 Incidents', 'back'),
    el('div', { class: 'incident-head' },
      severityBadge(incident.severity),
      el('h1', { tabindex: -1, class: 'mono' }, String(incident.id))),
    el('p', { class: 'summary-text' }, String(incident.summary ?? '')),
    injectionNotice(incident),
    el('dl', { class: 'facts' },
      fact('First seen', timeElement(incident.first_seen)),
      fact('Last seen', timeElement(incident.last_seen)),
      fact('Duration', formatDuration(incident.first_seen, incident.last_seen)),
      fact('Events', String(incident.events?.length ?? 0)),
      fact('Hosts', listOrNone(incident.hosts)),
      fact('Users', listOrNone(incident.users)),
      fact('Addresses', listOrNone(incident.addresses)),
      fact('Confidence', incident.confidence == null ? 'not rated' : String(incident.confidence))),

    section('IOCs', iocs.filter((ioc) => ioc.injected !== true), (evidence) => iocTable('Indicators of compromise', evidence, 'detail iocs')),

    injected.length === 0 ? null : [
      el('h2', {}, `Seen only inside injection text (not evidence) (${injected.length})`),
      el('p', { class: 'help' }, 'These values occur only inside text addressed to an automated analyst. Do not block or export them.'),
      iocTable('Seen only inside injection text (not evidence)', injected, 'detail iocs-injected'),
    ],

    section('ATT&CK techniques', incident.techniques, (techniques) => table('Techniques',
      ['Id', 'Name', 'Source', 'Evidence (event ids)'], techniques,
      (technique) => [el('code', {}, String(technique.id)), technique.name ?? '', technique.source, evidenceList(technique.evidence)],
      'detail techniques')),

    section('Mitigations (NIST SP 800-53 rev5)', incident.mitigations, (mitigations) => table('Mitigations',
      ['Control', 'Title', 'Techniques', 'Rationale'], mitigations,
      (mitigation) => [
        el('code', {}, String(mitigation.id)),
        mitigation.title ?? '',
        (mitigation.techniques ?? []).map((id) => el('span', { class: 'tag mono' }, String(id))),
        mitigation.rationale ?? '',
      ],
      'detail mitigations')),

    el('h2', {}, 'Narrative'),
    el('p', { class: 'help' }, `Status: ${incident.narrative_status ?? 'unknown'}`),
    incident.narrative
      ? el('div', { class: 'narrative' }, String(incident.narrative))
      : el('p', { class: 'empty' }, 'No narrative was written for this incident.'),

    el('h2', {}, 'Verification and provenance'),
    el('dl', { class: 'facts' },
      fact('IOCs dropped', String(verification.iocs_dropped ?? 0)),
      fact('Techniques dropped', String(verification.techniques_dropped ?? 0)),
      fact('Mitigations dropped', String(verification.mitigations_dropped ?? 0)),
      fact('Prompt version', String(provenance.prompt_version ?? '')),
      fact('Model', provenance.model_name ?? 'none (deterministic enrichment)'),
      fact('Model SHA-256', provenance.model_sha256 ? el('code', {}, truncate(provenance.model_sha256, 20)) : '\u2014'),
      fact('Seed', provenance.seed == null ? '\u2014' : String(provenance.seed)),
      fact('Tokens (prompt / generated)', provenance.prompt_tokens == null ? '\u2014' : `${provenance.prompt_tokens} / ${provenance.generated_tokens ?? 0}`)),
  ];
}

function injectionDetected(incident) {
  return incident.injection?.detected === true;
}

/** The notice on an incident whose events addressed an automated analyst: which fields, what was recognised. */
function injectionNotice(incident) {
  if (!injectionDetected(incident)) return null;
  return el('div', { class: 'injection-notice', role: 'note' },
    el('p', {},
      el('strong', {}, 'Injection attempt. '),
      'The events carried text addressed to an automated analyst. What that text says is the attacker\'s, not a finding.'),
    el('dl', { class: 'facts' },
      fact('Fields', listOrNone(incident.injection.fields)),
      fact('Kinds', listOrNone(incident.injection.kinds))));
}

function iocTable(caption, iocs, className) {
  return table(caption, ['Type', 'Value', 'Internal', 'Evidence (event ids)'], iocs,
    (ioc) => [ioc.type, el('code', {}, String(ioc.value)), ioc.internal ? 'yes' : 'no', evidenceList(ioc.evidence)],
    className);
}

function section(title, items, render) {
  const list = Array.isArray(items) ? items : [];
  return [
    el('h2', {}, `${title} (${list.length})`),
    list.length === 0 ? el('p', { class: 'empty' }, 'None.') : render(list),
  ];
}

function fact(term, value) {
  return [el('dt', {}, term), el('dd', {}, value)];
}

function listOrNone(values) {
  const list = Array.isArray(values) ? values : [];
  return list.length === 0 ? el('span', { class: 'empty' }, 'none') : list.map((value) => el('span', { class: 'tag' }, String(value)));
}
