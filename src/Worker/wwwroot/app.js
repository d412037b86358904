// Entry point: sign-in, the hash router (#/incidents, #/incidents?filters, #/incidents/<id>, #/reports,
// #/reports/<id>) and page-wide notices.

import { ApiError, forgetToken, getJson, isPlausibleToken, onUnauthorized, storeToken, storedToken } from './api.js';
import { chatPane, forgetConversations } from './chat.js';
import { byId } from './dom.js';
import { listRoute, renderIncident, renderList } from './incidents.js';
import { renderReport, renderReports } from './reports.js';

const views = {
  signIn: byId('sign-in-view'),
  list: byId('list-view'),
  incident: byId('incident-view'),
  reports: byId('reports-view'),
  report: byId('report-view'),
};

// Each navigation takes a ticket; a response that arrives after a later navigation is dropped.
let navigation = 0;

function show(view) {
  for (const candidate of Object.values(views)) candidate.hidden = candidate !== view;
  byId('sign-out').hidden = view === views.signIn;
  byId('top-nav').hidden = view === views.signIn;
}

function notice(text) {
  const element = byId('notice');
  element.textContent = text ?? '';
  element.hidden = !text;
}

/** Nothing read with a token stays in the page once the token is gone. */
function clearData() {
  forgetConversations();
  byId('incident-rows').replaceChildren();
  byId('incident-detail').replaceChildren();
  byId('list-chat').replaceChildren();
  byId('incident-chat').replaceChildren();
  byId('report-rows').replaceChildren();
  byId('report-detail').replaceChildren();
  byId('list-status').textContent = '';
  byId('page-range').textContent = '';
}

function showSignIn(message, isError = true) {
  clearData();
  show(views.signIn);
  const element = byId('sign-in-message');
  element.textContent = message ?? '';
  element.className = isError ? 'message error' : 'message';
  element.hidden = !message;
  byId('token').value = '';
  byId('token').focus();
}

function route() {
  const ticket = ++navigation;
  const isCurrent = () => ticket === navigation;
  notice(null);
  if (!storedToken()) {
    showSignIn(null);
    return;
  }

  const hash = location.hash || '#/incidents';
  const incident = /^#\/incidents\/([^/?#]+)$/.exec(hash);
  const id = incident ? decodedOrNull(incident[1]) : null;
  if (id) {
    show(views.incident);
    byId('incident-chat').replaceChildren(chatPane(id).element);
    renderIncident(id, isCurrent);
  } else if (hash === '#/reports') {
    show(views.reports);
    renderReports(isCurrent);
    byId('reports-title').focus();
  } else if (/^#\/reports\/[^/?#]+$/.test(hash) && decodedOrNull(hash.slice('#/reports/'.length))) {
    show(views.report);
    renderReport(decodedOrNull(hash.slice('#/reports/'.length)), isCurrent);
  } else if (hash === '#/incidents' || hash.startsWith('#/incidents?')) {
    show(views.list);
    byId('list-chat').replaceChildren(chatPane(null).element);
    const nothingFocused = document.activeElement === document.body;
    renderList(new URLSearchParams(hash.split('?')[1] ?? ''), isCurrent);
    if (nothingFocused) byId('list-title').focus();
  } else {
    location.replace('#/incidents');
  }
}

function decodedOrNull(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

async function signIn(event) {
  event.preventDefault();
  const token = byId('token').value.trim();
  if (!isPlausibleToken(token)) {
    showSignIn('Paste the whole token: one line of letters, digits and punctuation, no spaces.');
    return;
  }

  storeToken(token);
  try {
    // A cheap authenticated read proves the token and its role before anything else is shown.
    await getJson('/api/incidents?limit=1', { probe: true });
  } catch (error) {
    forgetToken();
    showSignIn(error instanceof ApiError && error.status === 401
      ? 'The server refused this token (401). Check that it is complete, current and for this server.'
      : error.describe?.() ?? 'Sign-in failed.');
    return;
  }
  route();
}

function signOut() {
  forgetToken();
  history.replaceState(null, '', location.pathname + location.search);
  route();
  showSignIn('Signed out.', false);
}

/** Goes to a route; the same route again (a repeated search) reloads it. */
function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function wire() {
  onUnauthorized((error) => {
    showSignIn(error.describe());
  });
  window.addEventListener('unhandledrejection', (event) => {
    if (event.reason instanceof ApiError && event.reason.status !== 401) notice(event.reason.describe());
  });

  byId('sign-in-form').addEventListener('submit', signIn);
  byId('sign-out').addEventListener('click', signOut);

  const search = byId('search-form');
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(listRoute(search));
  });
  byId('search-clear').addEventListener('click', () => {
    search.reset();
    location.hash = '#/incidents';
  });
  for (const id of ['page-previous', 'page-next']) {
    byId(id).addEventListener('click', (event) => {
      // Pages follow the search that is shown, not edits in the form that were not submitted.
      const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
      const offset = Number.parseInt(event.currentTarget.dataset.offset ?? '0', 10);
      if (offset > 0) params.set('offset', String(offset));
      else params.delete('offset');
      const query = params.toString();
      navigate('#/incidents' + (query ? '?' + query : ''));
    });
  }

  window.addEventListener('hashchange', route);
  route();
}

wire();
