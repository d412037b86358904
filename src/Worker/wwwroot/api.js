// The API client: one bearer token per browser tab (sessionStorage), problem details turned into messages.

const TOKEN_KEY = 'llama3siem.token';

export const storedToken = () => sessionStorage.getItem(TOKEN_KEY);
export const storeToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** A refused request: the status, the problem's title and detail (our server's own sentences), Retry-After. */
export class ApiError extends Error {
  constructor(status, title, detail = '', retryAfterSeconds = null) {
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static async from(response) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail = '';
    if ((response.headers.get('Content-Type') ?? '').includes('json')) {
      try {
        const problem = await response.json();
        if (typeof problem?.title === 'string') title = problem.title;
        if (typeof problem?.detail === 'string') detail = problem.detail;
      } catch {
        // A body that is not JSON after all: the status line says enough.
      }
    }
    return new ApiError(response.status, title, detail, retryAfter(response.headers.get('Retry-After')));
  }

  /** What the analyst reads. */
  describe() {
    switch (this.status) {
      case 0: return `${this.title}. ${this.detail}`.trim();
      case 401: return 'The server refused the token (401): sign in again with a valid API key or JWT.';
      case 403: return 'Your token is valid but does not carry the analyst role (403).';
      case 429: return `Rate limited, retry in ${this.retryAfterSeconds ?? 60} s.`;
      default: return `${this.title} (${this.status})${this.detail ? ': ' + this.detail : ''}`;
    }
  }
}

function retryAfter(header) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number.parseInt(header, 10);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

let unauthorizedHandler = () => {};

/** Called (after the token is forgotten) whenever the server answers 401 to a signed-in request. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/** A token is one header value: printable ASCII without spaces (API keys are base64, JWTs base64url with dots). */
export function isPlausibleToken(token) {
  return /^[\x21-\x7e]{8,8192}$/.test(token);
}

/**
 * Sends a request with the stored token. Resolves with the response when it is 2xx; otherwise rejects with an
 * ApiError, after forgetting the token on 401 (unless `probe`, used by sign-in, which reports it itself).
 */
export async function request(path, { method = 'GET', body, accept = 'application/json', signal, probe = false } = {}) {
  const headers = { Accept: accept };
  const token = storedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server could not be reached', 'Check that the worker is running, then retry.');
  }

  if (response.ok) return response;
  const error = await ApiError.from(response);
  if (error.status === 401 && !probe) {
    forgetToken();
    unauthorizedHandler(error);
  }
  throw error;
}

export async function getJson(path, options) {
  const response = await request(path, options);
  return response.json();
}
