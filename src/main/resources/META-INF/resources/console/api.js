// The public Zep v2 API, with the key kept in sessionStorage (entered once per browser session).
const KEY = 'engram.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || '',
  set: (k) => k ? sessionStorage.setItem(KEY, k) : sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const key = apiKey.get();
  if (key) headers['Authorization'] = 'Api-Key ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path.startsWith('/') ? path : '/api/v2/' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (!res.ok && !(path.startsWith('/q/health') && data && data.checks)) {
    const msg = (data && data.message) || res.statusText || ('HTTP ' + res.status);
    throw new ApiError(res.status, msg);
  }
  return data;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b);
export const del = (p) => api('DELETE', p);
export const enc = encodeURIComponent;
