/** Idemia ID&V ("GIPS") adapter configuration, validated at boot (docs/references.md, "Code style"). */
import { z } from 'zod';

export const IdemiaConfigSchema = z.object({
  /** GIPS base including `/gips/v1`, e.g. `https://ipv-api-v2-eu-service.dsa.idemia.io/gips/v1` (docs/references.md, "Vendor APIs: IDEMIA"). */
  baseUrl: z.url().describe('GIPS base URL including /gips/v1'),
  /** Backend ("GIPS-RS") key, sent as the `apikey` header; never the browser GIPS-UA key (docs/references.md, "Vendor APIs: IDEMIA"). */
  apiKey: z.string().min(1).describe('GIPS-RS API key'),
  timeoutMs: z.number().int().positive().default(10_000).describe('Per-request time-out, ms'),
  /** Sent as `DocumentCaptureDetails`; the vendor infers the type when it can. */
  documentCapture: z
    .object({
      jurisdiction: z.string().length(3).optional(),
      documentType: z.enum(['PASSPORT', 'IDENTITY_CARD', 'DRIVING_LICENSE']).optional(),
      source: z.string().default('LIVE_CAPTURE_IMAGE'),
    })
    .default({ source: 'LIVE_CAPTURE_IMAGE' }),
});
export type IdemiaConfig = z.output<typeof IdemiaConfigSchema>;
