// The chat pane: questions go to POST /api/chat/stream, tokens are shown as they arrive, and the final answer
// replaces them with its [inc-...] citations as links. One pane (and conversation id) per incident view, plus a
// general one on the list; kept while the tab is signed in so follow-up questions continue the conversation.

import { ApiError, request } from './api.js';
import { serverSentEvents } from './sse.js';
import { citationLink, el, textWithCitations } from './dom.js';

const panes = new Map();
let paneCount = 0;

/** The pane for an incident (or for the list when incidentId is null), created on first use. */
export function chatPane(incidentId) {
  const key = incidentId ?? '';
  if (!panes.has(key)) panes.set(key, createPane(incidentId));
  return panes.get(key);
}

/** Signing out drops every conversation: they hold incident data. */
export function forgetConversations() {
  for (const pane of panes.values()) pane.abort?.abort();
  panes.clear();
}

function createPane(incidentId) {
  const inputId = `chat-input-${++paneCount}`;
  const titleId = `chat-title-${paneCount}`;
  const log = el('ol', { class: 'chat-log', 'aria-label': 'Conversation', 'aria-live': 'polite' });
  const input = el('textarea', { id: inputId, name: 'question', rows: 3, maxlength: 4000, required: true });
  const send = el('button', { type: 'submit' }, 'Send');
  const form = el('form', { class: 'chat-form' },
    el('label', { for: inputId }, 'Question'),
    input,
    el('div', { class: 'row' }, el('span', { class: 'hint' }, 'Enter sends, Shift+Enter adds a line'), send));
  const element = el('section', { class: 'chat', 'aria-labelledby': titleId, dataset: { state: 'idle' } },
    el('h2', { id: titleId }, incidentId ? 'Ask about this incident' : 'Ask about the incidents'),
    el('p', { class: 'help' }, 'Answers come from the stored incidents and reports and cite them; cited ids open them.'),
    log,
    form);

  const pane = { element, incidentId, conversationId: null, abort: null };

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (question === '' || element.dataset.state === 'streaming') return;
    input.value = '';
    ask(pane, { log, send, input }, question);
  });
  return pane;
}

async function ask(pane, { log, send, input }, question) {
  setState(pane, 'streaming');
  send.disabled = true;
  log.append(el('li', { class: 'turn-user' }, el('span', { class: 'who' }, 'You'), question));
  const answer = el('div', { class: 'answer' });
  const turn = el('li', { class: 'turn-assistant', 'aria-busy': 'true' }, el('span', { class: 'who' }, 'Llama3Siem'), answer);
  log.append(turn);
  scrollToEnd(log);

  const body = { messages: [{ role: 'user', content: question }] };
  if (pane.conversationId) body.conversationId = pane.conversationId;
  if (pane.incidentId) body.incidentId = pane.incidentId;
  pane.abort = new AbortController();

  try {
    const response = await request('/api/chat/stream', { method: 'POST', body, accept: 'text/event-stream', signal: pane.abort.signal });
    let finished = false;
    for await (const event of serverSentEvents(response.body)) {
      const data = parseData(event.data);
      if (event.type === 'token' && typeof data?.text === 'string') {
        answer.append(data.text);
        scrollToEnd(log);
      } else if (event.type === 'done' && data) {
        showAnswer(turn, answer, data);
        if (typeof data.conversationId === 'string') pane.conversationId = data.conversationId;
        finished = true;
        setState(pane, 'done');
      } else if (event.type === 'error') {
        fail(pane, turn, typeof data?.title === 'string' ? data.title : 'The answer failed.');
        finished = true;
      }
    }
    if (!finished) fail(pane, turn, 'The answer stopped before it was complete; ask again.');
  } catch (error) {
    if (error?.name === 'AbortError') return;
    fail(pane, turn, error instanceof ApiError ? error.describe() : 'The answer could not be read; ask again.');
  } finally {
    turn.removeAttribute('aria-busy');
    send.disabled = false;
    pane.abort = null;
    scrollToEnd(log);
    if (document.activeElement === document.body) input.focus();
  }
}

function showAnswer(turn, answer, done) {
  answer.replaceChildren(...textWithCitations(typeof done.answer === 'string' ? done.answer : answer.textContent));
  const citations = Array.isArray(done.citations) ? done.citations.filter((id) => typeof id === 'string') : [];
  if (citations.length > 0) {
    const links = citations.flatMap((id, index) => (index === 0 ? [citationLink(id)] : [', ', citationLink(id)]));
    turn.append(el('p', { class: 'sources' }, 'Sources: ', links));
  }
  const removed = Number(done.removedCitations) || 0;
  if (removed > 0) {
    turn.append(el('p', { class: 'note' },
      `Removed ${removed} citation${removed === 1 ? '' : 's'} of incidents or reports not retrieved for this answer.`));
  }
}

function fail(pane, turn, message) {
  turn.className = 'turn-error';
  turn.append(el('p', { class: 'note error-text' }, message));
  setState(pane, 'error');
}

function setState(pane, state) {
  pane.element.dataset.state = state;
}

function parseData(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

function scrollToEnd(log) {
  log.scrollTop = log.scrollHeight;
}
