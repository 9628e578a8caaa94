/**
 * Typed calls to Au10tix BOS (docs/references.md, "Vendor APIs: Au10tix") with a cached bearer token. A 401 drops the token and
 * retries once with a fresh one (it may have been revoked early).
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { createVendorClient, imagePart, parseVendorBody, readVendor, sendVendor } from '../vendor-http/vendorClient';
import type { SelfieSource } from '../contract';
import type { Au10tixConfig } from './config';
import { BeginResponseSchema, ResultResponseSchema, type ResultResponse } from './schemas';
import { Au10tixTokens } from './tokenClient';

export interface BeginInput {
  clientReference: string;
  callbackUrl: string;
  documentFront: Buffer;
  documentBack?: Buffer;
  selfie: Buffer;
  selfieSource: SelfieSource;
}

export class BosClient {
  private readonly http: AxiosInstance;
  private readonly tokens: Au10tixTokens;

  constructor(config: Au10tixConfig, now: () => number) {
    this.http = createVendorClient({ baseURL: config.baseUrl, timeoutMs: config.timeoutMs });
    this.tokens = new Au10tixTokens(this.http, config, now);
  }

  /**
   * `requestData` follows the iOS sample; `faceComparisonProcessingRequest`, `clientRequestReference`
   * (our idempotency key) and `callbackUrl` are ASSUMED names. The face image's `requestType` takes
   * the capture modes of Au10tix's Workflow API (`requestTypes: {faceCompare: ["camera"]}`, values
   * "camera" | "file"); its name on a BOS image is ASSUMED (docs/references.md, "Vendor APIs: capture source").
   */
  begin(input: BeginInput) {
    const pages = [input.documentFront, input.documentBack].filter((p): p is Buffer => p !== undefined);
    const requestData = {
      identityDocumentProcessingRequest: {
        documentPages: pages.map((_, i) => ({ documentImages: [{ imageUri: `documentImage_Page${i}` }] })),
        faceComparisonProcessingRequest: { faceImage: { imageUri: 'faceImage', requestType: input.selfieSource } },
      },
      clientRequestReference: input.clientReference,
      callbackUrl: input.callbackUrl,
    };
    return readVendor('au10tix', BeginResponseSchema, 'begin processing', () =>
      this.withToken((headers) => {
        const form = new FormData();
        form.append('requestData', JSON.stringify(requestData));
        pages.forEach((page, i) => form.append(`documentImage_Page${i}`, imagePart(page), `page${i}`));
        form.append('faceImage', imagePart(input.selfie), 'face');
        return this.http.post('/IdentityDocuments/v1/BeginProcessingRequest', form, { headers });
      }),
    );
  }

  /** `null` on 404: "404 until ready" (docs/references.md, "Vendor APIs: Au10tix"). */
  async result(requestId: string): Promise<ResultResponse | null> {
    const path = `/Au10tixBos4/IdentityDocuments/Results/${encodeURIComponent(requestId)}`;
    const response = await sendVendor('au10tix', () => this.withToken((headers) => this.http.get(path, { headers, validateStatus: okOr404 })));
    if (response.status === 404) return null;
    return parseVendorBody('au10tix', ResultResponseSchema, response.data, 'result');
  }

  /** ASSUMED endpoint (no public delete call is documented); 404 counts as already purged. */
  async remove(requestId: string): Promise<void> {
    const path = `/Au10tixBos4/IdentityDocuments/Results/${encodeURIComponent(requestId)}`;
    await sendVendor('au10tix', () => this.withToken((headers) => this.http.delete(path, { headers, validateStatus: okOr404 })));
  }

  private async withToken(send: (headers: Record<string, string>) => Promise<AxiosResponse<unknown>>): Promise<AxiosResponse<unknown>> {
    try {
      return await send({ Authorization: `Bearer ${await this.tokens.get()}` });
    } catch (error) {
      if (!axios.isAxiosError(error) || error.response?.status !== 401) throw error;
      this.tokens.invalidate();
      return send({ Authorization: `Bearer ${await this.tokens.get()}` });
    }
  }
}

function okOr404(status: number): boolean {
  return (status >= 200 && status < 300) || status === 404;
}
