// The few Cantine API calls the simulator makes (contract section 3), with errors a person can act on.

export interface ApiResponse {
  status: number;
  body: unknown;
}

export class CantineApi {
  private token?: string;

  constructor(readonly base: string) {}

  async login(email: string, password: string): Promise<void> {
    const response = await this.request('POST', '/api/auth/login', { email, password });
    if (response.status === 401) throw new Error(`the API at ${this.base} refused ${email}: wrong email or password`);
    const token = (response.body as { token?: unknown } | null)?.token;
    if (response.status !== 200 || typeof token !== 'string') throw new Error(`login failed: HTTP ${response.status} ${describe(response.body)}`);
    this.token = token;
  }

  get loggedIn(): boolean {
    return this.token !== undefined;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new Error(`cannot reach the Cantine API at ${this.base} (${cause}): is the service running? (npm start, or --api)`, { cause: error });
    }
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  }

  /** GET /health answers 200 when every check is up. */
  async healthy(): Promise<boolean> {
    try {
      return (await fetch(new URL('/health', this.base))).status === 200;
    } catch {
      return false;
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The service's error body is `{ message, errors }`; show the message, or the start of whatever came. */
export function describe(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const errors = (body as { errors?: Array<{ field?: string; message?: string }> }).errors;
    const fields = Array.isArray(errors) && errors.length > 0 ? ` (${errors.map((e) => `${e.field ?? '?'}: ${e.message ?? ''}`).join('; ')})` : '';
    return `${String((body as { message: unknown }).message)}${fields}`;
  }
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200) ?? '';
}
