/**
 * Calls one hook: signed POST, per-try time-out, bounded retries with exponential back-off, all
 * inside the list's deadline. Every try sends the same body (same requestId), re-signed with a
 * fresh timestamp. A hook's "no" is a result (`fail`); only a missing, unverifiable or malformed
 * answer is an `error`, which the caller resolves with the hook's behaviorOnError.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClaimHook } from './hookConfig';
import { HookReplySchema, type HookRequest } from './contract';
import { SIGNATURE_HEADER, signHookBody, verifyHookSignature } from './signature';
import { HookTokenError, type HookTokenCache } from './bearerToken';

/** Stable codes for the audit trail; `bad_signature` covers a missing, stale or wrong reply signature. */
export type HookErrorCode = 'timeout' | 'unreachable' | 'http_status' | 'bad_signature' | 'bad_reply' | 'token_failed' | 'budget_exhausted';

interface Measured {
  status: number | null;
  tries: number;
  durationMs: number;
}
export type HookOutcome = Measured &
  ({ kind: 'pass' } | { kind: 'fail'; reasonCode: string; failedClaims: string[] } | { kind: 'error'; error: HookErrorCode });

export interface HookCallDeps {
  /** The service clock (ms), for signature timestamps. */
  now: () => number;
  tokens: HookTokenCache;
}

/** A reply larger than this is not a pass/fail answer. */
const MAX_REPLY_BYTES = 64 * 1024;

type Try =
  | { kind: 'pass' | 'fail'; status: number; reasonCode?: string; failedClaims?: string[] }
  | { kind: 'error'; error: HookErrorCode; status: number | null; retry: boolean };

/** `deadline`: performance.now() value after which no try starts and the running one is cut short. */
export async function callHook(hook: ClaimHook, request: HookRequest, deadline: number, deps: HookCallDeps): Promise<HookOutcome> {
  const started = performance.now();
  const body = JSON.stringify(request);
  let last: Try = { kind: 'error', error: 'budget_exhausted', status: null, retry: false };
  let tries = 0;
  for (let n = 0; n <= hook.maxRetries; n += 1) {
    const wait = n === 0 ? 0 : hook.retryBackoffMs * 2 ** (n - 1);
    const left = deadline - performance.now() - wait;
    if (left < 50) break; // no time for a meaningful try: keep the last outcome
    if (wait > 0) await sleep(wait);
    tries += 1;
    last = await tryOnce(hook, body, request.requestId, Math.min(hook.timeoutMs, left), deps);
    if (last.kind !== 'error' || !last.retry) break;
  }
  const measured = { status: last.status, tries, durationMs: Math.round(performance.now() - started) };
  if (last.kind === 'error') return { ...measured, kind: 'error', error: last.error };
  if (last.kind === 'pass') return { ...measured, kind: 'pass' };
  return { ...measured, kind: 'fail', reasonCode: last.reasonCode ?? 'unspecified', failedClaims: last.failedClaims ?? [] };
}

async function tryOnce(hook: ClaimHook, body: string, requestId: string, timeoutMs: number, deps: HookCallDeps): Promise<Try> {
  const signal = AbortSignal.timeout(timeoutMs);
  const fail = (error: HookErrorCode, status: number | null, retry: boolean): Try => ({ kind: 'error', error, status, retry });
  try {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': requestId,
      [SIGNATURE_HEADER]: signHookBody(hook.secret, Math.floor(deps.now() / 1000), body),
    };
    if (hook.oauth2) headers.authorization = `Bearer ${await deps.tokens.token(hook.oauth2, signal)}`;
    // No redirects: the claims go to the configured URL or nowhere.
    const response = await fetch(hook.url, { method: 'POST', body, headers, signal, redirect: 'error' });
    const text = await response.text();
    if (response.status !== 200) return fail('http_status', response.status, response.status === 429 || response.status >= 500);
    if (Buffer.byteLength(text) > MAX_REPLY_BYTES) return fail('bad_reply', 200, false);
    if (verifyHookSignature(hook.secret, response.headers.get(SIGNATURE_HEADER), text, Math.floor(deps.now() / 1000)) !== 'valid') {
      return fail('bad_signature', 200, false);
    }
    const reply = HookReplySchema.safeParse(parseJson(text));
    if (!reply.success || reply.data.requestId !== requestId) return fail('bad_reply', 200, false);
    return reply.data.result === 'pass'
      ? { kind: 'pass', status: 200 }
      : { kind: 'fail', status: 200, reasonCode: reply.data.reasonCode, failedClaims: reply.data.failedClaims };
  } catch (err) {
    if (err instanceof HookTokenError) return fail('token_failed', null, true);
    if (signal.aborted) return fail('timeout', null, true);
    return fail('unreachable', null, true);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
