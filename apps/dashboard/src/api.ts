// The manager API from the browser: the bearer token kept in sessionStorage (gone when the tab
// closes), JSON in and out, and one place that notices an expired token (401).
import type { AccountView, ErrorBody, FieldError, LoginBody, TokenBody } from './types.js';

const TOKEN_KEY = 'cantine.token';

export class Unauthorized extends Error {}

/** A refused call, with the API's `{ message, errors }` body when it had one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The fields the API refused, each with its (sometimes English) reason. */
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export type Role = AccountView['role'];

export class Api {
  private onExpired: (message?: string) => void = () => undefined;
  /** What to say when the session ends next (a password change ends it on purpose). */
  private expiryMessage: string | undefined;

  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** Called once per expiry: the app goes back to the login page with a message. */
  whenExpired(listener: (message?: string) => void): void {
    this.onExpired = listener;
  }

  /** `ok`, or why not: wrong credentials, or locked for N minutes (429 with Retry-After). */
  async login(email: string, password: string): Promise<{ ok: true } | { ok: false; lockedMinutes?: number }> {
    const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password } satisfies LoginBody) });
    if (response.status === 429) return { ok: false, lockedMinutes: Math.ceil(Number(response.headers.get('retry-after') ?? 60) / 60) };
    if (!response.ok) {
      if (response.status === 401 || response.status === 400) return { ok: false };
      throw new ApiError(response.status, await messageOf(response));
    }
    sessionStorage.setItem(TOKEN_KEY, ((await response.json()) as TokenBody).token);
    return { ok: true };
  }

  /** The signed-in account's role and id, read from the token (the API checks it anyway: this only hides buttons). */
  get account(): { id: string; role: Role } | null {
    try {
      const payload = JSON.parse(atob((this.token ?? '').split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; role?: string };
      return payload.sub ? { id: payload.sub, role: payload.role === 'manager' ? 'manager' : 'staff' } : null;
    } catch {
      return null;
    }
  }

  get isManager(): boolean {
    return this.account?.role === 'manager';
  }

  logout(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  }

  /** Revokes the token at the API (contract §7), then forgets it whatever the answer. */
  async signOut(): Promise<void> {
    const token = this.token;
    this.logout();
    if (token) await fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  /** The session is over (401 from the API or the socket, or a password just changed). */
  expire(message?: string): void {
    if (!this.token) return;
    this.logout();
    this.onExpired(message ?? this.expiryMessage);
    this.expiryMessage = undefined;
  }

  /**
   * The next expiry is expected and says `message` (or nothing special again with undefined):
   * after a password change the socket may be cut for the revoked token before the HTTP answer.
   */
  expectExpiry(message: string | undefined): void {
    this.expiryMessage = message;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** A file the API sends as an attachment, with the name it gives. */
  async download(path: string): Promise<{ blob: Blob; filename: string | null }> {
    const response = await this.send('GET', path);
    const disposition = response.headers.get('content-disposition') ?? '';
    return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token ?? ''}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (response.status === 401) {
      this.expire();
      throw new Unauthorized('session expired');
    }
    if (!response.ok) {
      const body = await bodyOf(response);
      throw new ApiError(response.status, body.message, body.errors);
    }
    return response;
  }
}

async function messageOf(response: Response): Promise<string> {
  return (await bodyOf(response)).message;
}

async function bodyOf(response: Response): Promise<Pick<ErrorBody, 'message'> & { errors: FieldError[] }> {
  try {
    const body = (await response.json()) as Partial<Record<keyof ErrorBody, unknown>>;
    const errors = Array.isArray(body.errors) ? body.errors.filter((e): e is FieldError => typeof e?.field === 'string' && typeof e?.message === 'string') : [];
    return { message: typeof body.message === 'string' ? body.message : response.statusText, errors };
  } catch {
    return { message: response.statusText, errors: [] };
  }
}
