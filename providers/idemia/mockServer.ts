/**
 * A mock Idemia ID&V ("GIPS") server speaking the shapes of docs/references.md, "Vendor APIs: IDEMIA": identity → consent →
 * document evidence → portrait evidence, then polled evidence statuses. Dedupes identities by the
 * `BUSINESS_ID` context (our idempotency key) and bills one submission per new identity.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { analyzeEvidence } from '../mock-kit/analyzeEvidence';
import { VendorSandbox, sameSecret } from '../mock-kit/vendorSandbox';
import { serveMock, type MockServerOptions, type RunningMock } from '../vendor-http/serveMock';
import { IdentityBook, type MockIdentity } from './mockIdentities';
import { judge } from './mockVerdict';

export interface IdemiaMockOptions extends MockServerOptions {
  /** The GIPS-RS key clients must send in the `apikey` header. */
  apiKey: string;
}

export interface IdemiaMock extends RunningMock {
  /** Base URL including `/gips/v1`, ready for `IdemiaConfig.baseUrl`. */
  baseUrl: string;
}

const ContextSchema = z.array(z.object({ key: z.string(), value: z.string() }));
const ConsentsSchema = z.array(
  z.object({
    type: z.string(),
    approved: z.boolean(),
    validityPeriod: z.object({ from: z.string().optional(), to: z.string().optional() }).optional(),
  }),
);
/** The portrait's capture details (see gipsClient.ts PORTRAIT_SOURCES): accepted, recorded, never used to decide. */
const PortraitDetailsSchema = z.object({ source: z.string().min(1).max(64) });
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 20 * 1024 * 1024 } });

export function createIdemiaApp(options: IdemiaMockOptions, sandbox: VendorSandbox): express.Express {
  const now = options.now ?? (() => new Date());
  const analyze = options.analyze ?? analyzeEvidence;
  const book = new IdentityBook(options.processingDelayMs ?? 1500);
  const fail = (res: Response, status: number, code: number, message: string) => void res.status(status).json({ code, message });
  const find = (req: Request, res: Response): MockIdentity | undefined => {
    const identity = book.get(String(req.params.id));
    if (!identity) fail(res, 404, 404, 'Identity not found');
    return identity;
  };
  const analyzeWhenComplete = (identity: MockIdentity) => {
    const { document, portrait } = identity;
    if (!document || !portrait) return;
    identity.verdict = undefined;
    const images = { selfie: portrait.selfie, documentFront: document.front, documentBack: document.back };
    const current = () => identity.document === document && identity.portrait === portrait;
    analyze(images, now()).then(
      (analysis) => {
        if (current()) identity.verdict = judge(analysis);
      },
      () => {
        if (current()) identity.verdict = 'error';
      },
    );
  };

  const app = express();
  app.get('/gips/healthcheck', (_req, res) => void res.json({ status: 'UP' }));
  app.use(
    '/__sandbox',
    sandbox.routes((bearer) => sameSecret(bearer, options.apiKey)),
  );
  app.use(sandbox.gate());
  const api = express.Router();
  app.use('/gips/v1/identities', api);
  api.use((req, res, next) => (sameSecret(req.get('apikey') ?? '', options.apiKey) ? next() : fail(res, 401, 401, 'Invalid apikey')));

  // The create call is multipart in Idemia's samples; JSON is accepted too.
  api.post('/', express.json(), upload.none(), (req, res) => {
    const raw: unknown = (req.body as { context?: unknown } | undefined)?.context;
    const context = ContextSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : (raw ?? []));
    if (!context.success) return fail(res, 400, 400, 'Invalid context');
    const businessId = context.data.find((c) => c.key === 'BUSINESS_ID')?.value ?? null;
    const { identity, created } = book.create(businessId, now());
    if (created) sandbox.recordSubmission(businessId ?? identity.id);
    res.json(book.renderIdentity(identity, now()));
  });

  api.post('/:id/consents', express.json(), (req, res) => {
    const identity = find(req, res);
    const consents = ConsentsSchema.safeParse(req.body);
    if (!identity) return;
    if (!consents.success) return fail(res, 400, 400, 'Invalid consents');
    for (const c of consents.data) {
      identity.consents = identity.consents.filter((existing) => existing.type !== c.type);
      identity.consents.push({ consentId: `${identity.id}-${c.type}`, ...c });
    }
    res.json(identity.consents);
  });

  const documentParts = upload.fields([
    { name: 'DocumentFront', maxCount: 1 },
    { name: 'DocumentBack', maxCount: 1 },
  ]);
  api.post('/:id/id-documents/capture', documentParts, (req, res) => {
    const identity = find(req, res);
    const files = req.files as Record<string, Express.Multer.File[] | undefined> | undefined;
    const front = files?.DocumentFront?.[0]?.buffer;
    if (!identity) return;
    if (!front) return fail(res, 400, 1508, 'Wrong number of document sides: DocumentFront missing');
    identity.document = { id: `doc-${randomUUID()}`, submittedAt: now(), receivedAtMs: performance.now(), front, back: files.DocumentBack?.[0]?.buffer };
    analyzeWhenComplete(identity);
    res.status(201).json({ status: 'PROCESSING', type: 'ID_DOCUMENT', id: identity.document.id });
  });

  api.post('/:id/attributes/portrait/capture', upload.single('Portrait'), (req, res) => {
    const identity = find(req, res);
    if (!identity) return;
    // "Processing a portrait without consent → error 3001" (docs/references.md, "Vendor APIs: IDEMIA").
    if (!identity.consents.some((c) => c.type === 'PORTRAIT' && c.approved)) return fail(res, 400, 3001, 'Consent not provided');
    if (!req.file) return fail(res, 400, 400, 'Portrait part missing');
    const rawDetails = (req.body as { PortraitCaptureDetails?: unknown } | undefined)?.PortraitCaptureDetails;
    const details =
      rawDetails === undefined ? null : PortraitDetailsSchema.safeParse(safeJson(typeof rawDetails === 'string' ? rawDetails : JSON.stringify(rawDetails)));
    if (details && !details.success) return fail(res, 400, 400, 'Invalid PortraitCaptureDetails');
    const source = details?.data.source ?? null;
    sandbox.recordCaptureLabel(identity.businessId ?? identity.id, source ?? 'unlabelled');
    identity.portrait = { id: `portrait-${randomUUID()}`, submittedAt: now(), receivedAtMs: performance.now(), selfie: req.file.buffer, source };
    analyzeWhenComplete(identity);
    res.status(201).json({ status: 'PROCESSING', type: 'PORTRAIT', id: identity.portrait.id });
  });

  api.get('/:id/status/:evidenceId', (req, res) => {
    const identity = find(req, res);
    if (!identity) return;
    const status = book.renderEvidenceStatus(identity, req.params.evidenceId, now());
    if (status === null) return fail(res, 404, 404, 'Evidence not found');
    res.json(status);
  });

  api.get('/:id', (req, res) => {
    const identity = find(req, res);
    if (identity) res.json(book.renderDetailed(identity, now()));
  });

  // Data minimisation: GIPS keeps data only for the ongoing transaction (docs/references.md, "Vendor APIs: IDEMIA").
  api.delete('/:id', (req, res) => {
    if (!book.delete(req.params.id)) return fail(res, 404, 404, 'Identity not found');
    res.status(204).end();
  });
  return app;
}

export async function startIdemiaMock(options: IdemiaMockOptions): Promise<IdemiaMock> {
  const sandbox = new VendorSandbox(options.sandbox);
  const served = await serveMock(createIdemiaApp(options, sandbox), options);
  return { ...served, baseUrl: `${served.url}/gips/v1`, sandbox, stats: () => sandbox.stats() };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
