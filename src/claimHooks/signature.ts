/**
 * Both directions of a hook call are signed with the hook's secret, in the scheme the audit push
 * already uses (audit/auditPush.ts): `X-Hook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body>")>`. The service signs the request; the hook signs its reply the same way, and a
 * reply that does not verify counts as no answer (the hook's behaviorOnError applies).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signAuditBody } from '../audit/auditPush';

export const SIGNATURE_HEADER = 'x-hook-signature';

/** Replies signed further than this from our clock are refused (the audit push's receivers apply the same idea). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signHookBody(secret: string, unixSeconds: number, body: string): string {
  return signAuditBody(secret, unixSeconds, body);
}

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'stale' | 'mismatch';

export function verifyHookSignature(secret: string, header: string | null, body: string, nowSeconds: number): SignatureCheck {
  if (!header) return 'missing';
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return 'malformed';
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex')) ? 'valid' : 'mismatch';
}
