/**
 * A mock Au10tix BOS (docs/references.md, "Vendor APIs: Au10tix"): OAuth2 token with a JWT client assertion, multipart
 * `BeginProcessingRequest` deduplicated by client reference, `Results/{id}` that 404s until ready,
 * and a signed callback once processing completes. The DELETE of a result is ASSUMED (mock-only).
 */
import express, { type Request, type Response, type NextFunction } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { analyzeEvidence } from '../mock-kit/analyzeEvidence';
import { VendorSandbox } from '../mock-kit/vendorSandbox';
import { serveMock, type MockServerOptions, type RunningMock } from '../vendor-http/serveMock';
import { MockTokenIssuer } from './mockAuth';
import { RequestBook } from './mockRequests';

export interface Au10tixMockOptions extends MockServerOptions {
  clientId: string;
  /** SPKI PEM of the client's ES256 public key (verifies client assertions). */
  clientPublicKeyPem: string;
  /** Signs callbacks (ASSUMED scheme, signature.ts). */
  webhookSecret: string;
  /** Access-token lifetime, s. Default 3600. */
  tokenTtlSeconds?: number;
}

export type Au10tixMock = RunningMock;

/** The iOS sample's `requestData`, plus the ASSUMED client reference and callback URL. */
const RequestDataSchema = z.object({
  identityDocumentProcessingRequest: z.object({
    documentPages: z.array(z.object({ documentImages: z.array(z.object({ imageUri: z.string() })).min(1) })).min(1),
    faceComparisonProcessingRequest: z
      .object({
        faceImage: z.object({ imageUri: z.string(), requestType: z.enum(['camera', 'file']).optional() }),
      })
      .optional(),
  }),
  clientRequestReference: z.string().min(1),
  callbackUrl: z.url().optional(),
});
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 20 * 1024 * 1024, files: 4 } });
const RESULTS = '/Au10tixBos4/IdentityDocuments/Results/:requestId';

export async function createAu10tixApp(options: Au10tixMockOptions, sandbox: VendorSandbox, selfUrl: () => string) {
  const now = options.now ?? (() => new Date());
  const issuer = await MockTokenIssuer.create({
    clientId: options.clientId,
    clientPublicKeyPem: options.clientPublicKeyPem,
    organizationId: 'mock-org-1',
    ttlSeconds: options.tokenTtlSeconds ?? 3600,
    now,
    selfUrl,
  });
  const book = new RequestBook({
    processingDelayMs: options.processingDelayMs ?? 1500,
    now,
    analyze: options.analyze ?? analyzeEvidence,
    webhookSecret: options.webhookSecret,
  });
  const bearer = (req: Request) => /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  const requireToken = async (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (token !== undefined && (await issuer.verifyBearer(token))) return next();
    res.status(401).json({ message: 'Invalid or expired bearer token' });
  };

  const app = express();
  app.use(
    '/__sandbox',
    sandbox.routes((token) => issuer.verifyBearer(token)),
  );
  app.use(sandbox.gate());
  app.post('/oauth2/v1/token', express.urlencoded({ extended: false }), async (req, res) => {
    const outcome = await issuer.issue(req.body);
    res.status(outcome.status).set('Cache-Control', 'no-store').json(outcome.body);
  });

  const parts = upload.fields([
    { name: 'documentImage_Page0', maxCount: 1 },
    { name: 'documentImage_Page1', maxCount: 1 },
    { name: 'faceImage', maxCount: 1 },
  ]);
  app.post('/IdentityDocuments/v1/BeginProcessingRequest', requireToken, parts, (req, res) => {
    const files = req.files as Record<string, Express.Multer.File[] | undefined> | undefined;
    const data = RequestDataSchema.safeParse(safeJson((req.body as { requestData?: unknown } | undefined)?.requestData));
    const front = files?.documentImage_Page0?.[0]?.buffer;
    const selfie = files?.faceImage?.[0]?.buffer;
    if (!data.success || !front || !selfie) return void res.status(400).json({ message: 'requestData, documentImage_Page0 and faceImage are required' });
    const images = { selfie, documentFront: front, documentBack: files.documentImage_Page1?.[0]?.buffer };
    const { request, created } = book.begin(data.data.clientRequestReference, data.data.callbackUrl ?? null, images);
    if (created) {
      sandbox.recordSubmission(request.reference);
      // Accepted and recorded; the verdict still comes from the pixels alone.
      sandbox.recordCaptureLabel(
        request.reference,
        data.data.identityDocumentProcessingRequest.faceComparisonProcessingRequest?.faceImage.requestType ?? 'unlabelled',
      );
    }
    // RequestStateCode values are not public; ASSUMED 1 = processing, 2 = completed.
    res.json({ RequestId: request.id, RequestStateCode: request.result === null ? 1 : 2 });
  });

  app.get(RESULTS, requireToken, (req, res) => {
    const result = book.find(String(req.params.requestId))?.result;
    if (!result) return void res.status(404).json({ message: 'Result not available' });
    res.json(result);
  });

  app.delete(RESULTS, requireToken, (req, res) => {
    res.status(book.delete(String(req.params.requestId)) ? 204 : 404).end();
  });
  return { app, close: () => book.close() };
}

export async function startAu10tixMock(options: Au10tixMockOptions): Promise<Au10tixMock> {
  const sandbox = new VendorSandbox(options.sandbox);
  let url = '';
  const { app, close: stopCallbacks } = await createAu10tixApp(options, sandbox, () => url);
  const served = await serveMock(app, options);
  url = served.url;
  const close = async () => {
    stopCallbacks();
    await served.close();
  };
  return { ...served, close, sandbox, stats: () => sandbox.stats() };
}

function safeJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
