/**
 * Verifies an Au10tix callback (ASSUMED scheme, see signature.ts): signature over the raw bytes in
 * constant time, timestamp within ±tolerance of the injected clock, then a zod-checked body. The
 * callback is only a hint: the verdict is re-read with `fetchResult` (docs/references.md, "Vendor APIs: adapter patterns").
 */
import { ProviderError, type WebhookInput, type WebhookNotice } from '../contract';
import { CallbackBodySchema } from './schemas';
import { SIGNATURE_HEADER, computeSignature, parseSignatureHeader, sameSignature } from './signature';

export function verifyAu10tixCallback(input: WebhookInput, secret: string, toleranceSeconds: number): WebhookNotice {
  const header = headerValue(input.headers, SIGNATURE_HEADER);
  if (header === undefined) return reject(`missing ${SIGNATURE_HEADER} header`);
  const parsed = parseSignatureHeader(header);
  if (parsed === null) return reject(`malformed ${SIGNATURE_HEADER}: expected t=<unix seconds>,v1=<hex>`);
  const skew = Math.abs(input.now / 1000 - parsed.timestamp);
  if (skew > toleranceSeconds) return reject(`timestamp ${parsed.timestamp} is ${Math.round(skew)} s from now, allowed ±${toleranceSeconds} s`);
  const expected = computeSignature(secret, parsed.timestamp, input.rawBody);
  if (!parsed.signatures.some((s) => sameSignature(s, expected))) return reject('signature does not match the body');
  const body = CallbackBodySchema.safeParse(safeJson(input.rawBody));
  if (!body.success) return reject('signed body is not a Completed callback');
  return { vendorRef: body.data.requestId, eventId: body.data.eventId };
}

function reject(reason: string): never {
  throw new ProviderError('idv.webhook_rejected', `au10tix callback: ${reason}`, { transient: false });
}

/** Header names are case-insensitive; a repeated signature header is ambiguous, so it is refused. */
function headerValue(headers: WebhookInput['headers'], name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return typeof value === 'string' ? value : undefined;
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
