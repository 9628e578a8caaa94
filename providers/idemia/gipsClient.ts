/**
 * Typed calls to the GIPS endpoints of docs/references.md, "Vendor APIs: IDEMIA". Every body read is parsed with zod; every
 * failure leaves as a `ProviderError` (see vendor-http/vendorClient.ts).
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { createVendorClient, imagePart, readVendor, sendVendor } from '../vendor-http/vendorClient';
import type { SelfieSource } from '../contract';
import type { IdemiaConfig } from './config';
import { DetailedIdentitySchema, EvidenceRefSchema, EvidenceStatusResponseSchema, IdentitySchema } from './schemas';

/**
 * GIPS says how an evidence was captured with a `source`: Idemia's own samples send
 * `DocumentCaptureDetails: {"source":"LIVE_CAPTURE_IMAGE"}` for a camera capture, and the detailed
 * identity reports `portraitData.source` (docs/references.md, "Vendor APIs: capture source").
 * ASSUMED (not public): the portrait's detail part name, mirroring the documented document one,
 * and the value for an uploaded file; confirm both with Idemia before production.
 */
export const PORTRAIT_SOURCES: Record<SelfieSource, string> = { camera: 'LIVE_CAPTURE_IMAGE', file: 'UPLOADED_IMAGE' };

const ConsentsResponseSchema = z.array(z.object({ type: z.string(), approved: z.boolean() }));

export class GipsClient {
  private readonly http: AxiosInstance;

  constructor(private readonly config: IdemiaConfig) {
    this.http = createVendorClient({ baseURL: config.baseUrl, timeoutMs: config.timeoutMs, headers: { apikey: config.apiKey } });
  }

  /** `BUSINESS_ID` carries our idempotency key: the same key yields the same identity, billed once. */
  createIdentity(businessId: string) {
    const form = new FormData();
    form.append('context', JSON.stringify([{ key: 'BUSINESS_ID', value: businessId }]));
    return readVendor('idemia', IdentitySchema, 'create identity', () => this.http.post('/identities', form));
  }

  detailed(identityId: string) {
    const path = this.identityPath(identityId);
    return readVendor('idemia', DetailedIdentitySchema, 'detailed identity', () => this.http.get(path, { params: { detailed: true } }));
  }

  /** Without a PORTRAIT consent GIPS refuses the selfie with error 3001 (docs/references.md, "Vendor APIs: IDEMIA"). */
  grantPortraitConsent(identityId: string, today: string) {
    const body = [{ approved: true, type: 'PORTRAIT', validityPeriod: { from: today } }];
    const path = `${this.identityPath(identityId)}/consents`;
    return readVendor('idemia', ConsentsResponseSchema, 'consents', () => this.http.post(path, body));
  }

  uploadDocument(identityId: string, front: Buffer, back: Buffer | undefined) {
    const form = new FormData();
    form.append('DocumentFront', imagePart(front), 'front');
    if (back) form.append('DocumentBack', imagePart(back), 'back');
    form.append('DocumentCaptureDetails', JSON.stringify(this.config.documentCapture));
    const path = `${this.identityPath(identityId)}/id-documents/capture`;
    return readVendor('idemia', EvidenceRefSchema, 'document capture', () => this.http.post(path, form));
  }

  uploadPortrait(identityId: string, selfie: Buffer, source: SelfieSource) {
    const form = new FormData();
    form.append('Portrait', imagePart(selfie), 'selfie');
    form.append('PortraitCaptureDetails', JSON.stringify({ source: PORTRAIT_SOURCES[source] }));
    const path = `${this.identityPath(identityId)}/attributes/portrait/capture`;
    return readVendor('idemia', EvidenceRefSchema, 'portrait capture', () => this.http.post(path, form));
  }

  evidenceStatus(identityId: string, evidenceId: string) {
    const path = `${this.identityPath(identityId)}/status/${encodeURIComponent(evidenceId)}`;
    return readVendor('idemia', EvidenceStatusResponseSchema, 'evidence status', () => this.http.get(path));
  }

  /** 404 counts as done: the identity is already gone (purged, or expired at the vendor). */
  async deleteIdentity(identityId: string): Promise<void> {
    const path = this.identityPath(identityId);
    await sendVendor('idemia', () => this.http.delete(path, { validateStatus: (s) => (s >= 200 && s < 300) || s === 404 }));
  }

  private identityPath(identityId: string): string {
    return `/identities/${encodeURIComponent(identityId)}`;
  }
}
