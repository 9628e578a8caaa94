/**
 * Browser side: calls to the service's JSON API. Errors become `ApiError` carrying the problem's
 * stable `code` (to branch on) and its `title` (a sentence safe to show).
 */
/** One field the service refused (a problem's `errors`): where, and why. */
export interface ProblemIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ProblemIssue[] = [],
  ) {
    super(message);
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  token?: string | null;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

/**
 * Sent with every call: a staff session cookie is only accepted on a state-changing request that
 * carries it (a header a cross-site form cannot send; src/http/securityHeaders.ts).
 */
export const STAFF_GUARD = { 'X-Requested-By': 'staff-console' } as const;

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...STAFF_GUARD, ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'We could not reach the service. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw problemOf(res.status, data);
  return data as T;
}

export function problemOf(status: number, data: unknown): ApiError {
  const problem = (data ?? {}) as { code?: unknown; title?: unknown; errors?: unknown };
  const code = typeof problem.code === 'string' ? problem.code : 'unknown';
  const title = typeof problem.title === 'string' ? problem.title : 'Something went wrong; please try again.';
  return new ApiError(status, code, title, issuesOf(problem.errors));
}

function issuesOf(errors: unknown): ProblemIssue[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: { path?: unknown; message?: unknown }) =>
    typeof e?.path === 'string' && typeof e.message === 'string' ? [{ path: e.path, message: e.message }] : [],
  );
}

/**
 * A file the service sends as an attachment (the audit export). Fetched rather than linked so a
 * key in this tab can go along as a bearer token; the session cookie goes by itself.
 */
export async function download(path: string, token: string | null): Promise<{ blob: Blob; filename: string | null }> {
  const headers: Record<string, string> = { ...STAFF_GUARD };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { headers, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'We could not reach the service. Check your connection and try again.');
  }
  if (!res.ok) throw problemOf(res.status, await res.json().catch(() => null));
  const filename = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? null;
  return { blob: await res.blob(), filename };
}

/** A readable sentence for any error thrown while talking to the service or the authenticator. */
export function explain(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.name === 'NotAllowedError') {
    return 'The passkey request was cancelled or timed out. Try again when you are ready.';
  }
  if (err instanceof Error && err.name === 'InvalidStateError') {
    return 'This authenticator already holds a passkey for your account. Use a different one.';
  }
  return 'Something went wrong; please try again.';
}
