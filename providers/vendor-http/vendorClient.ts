/**
 * The axios plumbing every IDV adapter shares: one client per vendor with its per-vendor time-out,
 * a mapping from transport failures to `ProviderError` (transient vs definitive, the BullMQ
 * retry/UnrecoverableError split, docs/references.md, "Code style"), and zod parsing of every vendor body we read.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { ProviderError, type ProviderName } from '../contract';

export interface VendorClientOptions {
  baseURL: string;
  /** Per-request time-out in ms; axios aborts and we raise `idv.vendor_timeout` (transient). */
  timeoutMs: number;
  headers?: Record<string, string>;
}

export function createVendorClient(options: VendorClientOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    headers: options.headers,
    // Distinguish "the vendor did not answer in time" (ETIMEDOUT) from other aborts.
    transitional: { clarifyTimeoutError: true },
    maxBodyLength: 50 * 1024 * 1024,
    maxContentLength: 50 * 1024 * 1024,
    // Never follow a redirect with credentials attached; vendors do not redirect API calls.
    maxRedirects: 0,
  });
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED']);

/** Maps anything axios throws onto our stable error codes. Non-axios errors are bugs: rethrown. */
export function toProviderError(vendor: ProviderName, error: unknown): Error {
  if (error instanceof ProviderError || !axios.isAxiosError(error)) return error as Error;
  const status = error.response?.status;
  if (status === undefined) {
    if (error.code !== undefined && TIMEOUT_CODES.has(error.code)) {
      return new ProviderError('idv.vendor_timeout', `${vendor}: no answer in time (${error.message})`, { transient: true });
    }
    // ECONNRESET, ECONNREFUSED, socket hang up...: the request may not have reached the vendor.
    const refused = error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND';
    return new ProviderError('idv.vendor_unavailable', `${vendor}: ${error.code ?? 'network error'}: ${error.message}`, {
      transient: true,
      delivery: refused ? 'refused' : 'unknown',
    });
  }
  return fromStatus(vendor, status, error.response?.data);
}

function fromStatus(vendor: ProviderName, status: number, body: unknown): ProviderError {
  const detail = `${vendor}: HTTP ${status} ${summarise(body)}`;
  // 503 says "not accepted now"; any other 5xx leaves open whether the vendor processed it.
  if (status === 503) return new ProviderError('idv.vendor_unavailable', detail, { transient: true, delivery: 'refused' });
  if (status >= 500) return new ProviderError('idv.vendor_unavailable', detail, { transient: true });
  if (status === 408) return new ProviderError('idv.vendor_timeout', detail, { transient: true });
  if (status === 429) return new ProviderError('idv.vendor_rate_limited', detail, { transient: true, delivery: 'refused' });
  if (status === 401 || status === 403) return new ProviderError('idv.vendor_auth_failed', detail, { transient: false });
  if (status === 404) return new ProviderError('idv.vendor_not_found', detail, { transient: false });
  return new ProviderError('idv.vendor_rejected', detail, { transient: false });
}

/** A short, log-safe view of an error body: never the whole vendor payload (it may hold PII). */
function summarise(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A 200 whose body does not match what we expect is treated like a 5xx: retry later. */
export function parseVendorBody<T>(vendor: ProviderName, schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
  return throwMalformed(vendor, `${what}: ${where}`);
}

function throwMalformed(vendor: ProviderName, detail: string): never {
  throw new ProviderError('idv.vendor_malformed', `${vendor}: unexpected response body (${detail})`, { transient: true });
}

/** Sends one request; every failure leaves as a `ProviderError`. */
export async function sendVendor(vendor: ProviderName, send: () => Promise<AxiosResponse<unknown>>): Promise<AxiosResponse<unknown>> {
  try {
    return await send();
  } catch (error) {
    throw toProviderError(vendor, error);
  }
}

/** Sends one request and parses its body with `schema`. */
export async function readVendor<T>(vendor: ProviderName, schema: z.ZodType<T>, what: string, send: () => Promise<AxiosResponse<unknown>>): Promise<T> {
  const response = await sendVendor(vendor, send);
  return parseVendorBody(vendor, schema, response.data, what);
}

/** Wraps raw bytes for a multipart part (Node 20's global FormData/Blob, which axios serialises). */
export function imagePart(bytes: Buffer): Blob {
  return new Blob([new Uint8Array(bytes)], { type: sniffImageType(bytes) });
}

/** The media type from the magic bytes, so a JPEG is never labelled PNG. */
export function sniffImageType(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === '\x89PNG') return 'image/png';
  return 'application/octet-stream';
}
