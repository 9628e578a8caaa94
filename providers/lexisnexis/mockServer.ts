/**
 * A mock LexisNexis TrueID (RDP REST variant, docs/references.md, "Vendor APIs: LexisNexis TrueID"): one synchronous POST per verification,
 * Basic auth, deduplicated by `Settings.Reference` (our idempotency key): a repeat returns the same
 * response and is not billed again. `GET .../conversations/{id}` is MOCK-ONLY: the real vendor has no
 * read-back call; it lets `fetchResult` re-read a verdict without the images.
 */
import { randomInt } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { analyzeEvidence } from '../mock-kit/analyzeEvidence';
import { VendorSandbox, sameSecret } from '../mock-kit/vendorSandbox';
import { serveMock, type MockServerOptions, type RunningMock } from '../vendor-http/serveMock';
import { buildErrorResponse, buildTrueIdResponse, type ConversationIds } from './mockResponse';
import type { TrueIdResponse } from './schemas';

export interface LexisNexisMockOptions extends MockServerOptions {
  accountId: string;
  username: string;
  password: string;
}

export type LexisNexisMock = RunningMock;

const InitiateSchema = z.object({
  Type: z.literal('Initiate'),
  Settings: z.object({ Mode: z.string(), Locale: z.string(), Venue: z.string(), Reference: z.string().min(1) }),
  Document: z.object({
    Front: z.base64().min(1),
    Back: z.base64().optional(),
    Selfie: z.base64().optional(),
    DocumentType: z.string(),
  }),
});

export function createLexisNexisApp(options: LexisNexisMockOptions, sandbox: VendorSandbox): express.Express {
  const now = options.now ?? (() => new Date());
  const analyze = options.analyze ?? analyzeEvidence;
  const byReference = new Map<string, Promise<TrueIdResponse>>();
  const byConversation = new Map<string, TrueIdResponse>();
  const expectedAuth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const authorized = (req: Request, res: Response): boolean => {
    const ok = sameSecret(req.get('authorization') ?? '', expectedAuth) && req.params.accountId === options.accountId;
    if (!ok) res.status(401).json({ Message: 'Authorization has been denied for this request.' });
    return ok;
  };

  const verify = async (body: z.infer<typeof InitiateSchema>): Promise<TrueIdResponse> => {
    const ids: ConversationIds = { conversationId: `7000${randomInt(1e9, 1e10)}`, requestId: String(randomInt(1e8, 1e9)), reference: body.Settings.Reference };
    const selfie = Buffer.from(body.Document.Selfie ?? '', 'base64');
    const back = body.Document.Back === undefined ? undefined : Buffer.from(body.Document.Back, 'base64');
    try {
      const analysis = await analyze({ selfie, documentFront: Buffer.from(body.Document.Front, 'base64'), documentBack: back }, now());
      const response = buildTrueIdResponse(analysis, ids);
      byConversation.set(ids.conversationId, response);
      sandbox.recordSubmission(body.Settings.Reference);
      return response;
    } catch {
      // Not cached: a retry with the same Reference is processed afresh.
      byReference.delete(body.Settings.Reference);
      return buildErrorResponse(ids);
    }
  };

  const app = express();
  app.use(
    '/__sandbox',
    sandbox.routes((bearer) => sameSecret(bearer, options.password)),
  );
  app.use(sandbox.gate());
  const base = '/restws/identity/v3/accounts/:accountId';
  app.post(`${base}/workflows/:workflow/conversations`, express.json({ limit: '50mb' }), async (req, res) => {
    if (!authorized(req, res)) return;
    const parsed = InitiateSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ Message: 'The request is invalid.', Errors: parsed.error.issues.map((i) => i.path.join('.')) });
    const reference = parsed.data.Settings.Reference;
    let pending = byReference.get(reference);
    if (pending === undefined) {
      // The workflow is how TrueID is told what kind of capture it gets (config.ts fileWorkflow).
      sandbox.recordCaptureLabel(reference, req.params.workflow);
      pending = verify(parsed.data);
      byReference.set(reference, pending);
    }
    res.json(await pending);
  });

  app.get(`${base}/conversations/:conversationId`, (req, res) => {
    if (!authorized(req, res)) return;
    const response = byConversation.get(req.params.conversationId);
    if (!response) return void res.status(404).json({ Message: 'Conversation not found' });
    res.json(response);
  });
  return app;
}

export async function startLexisNexisMock(options: LexisNexisMockOptions): Promise<LexisNexisMock> {
  const sandbox = new VendorSandbox(options.sandbox);
  const served = await serveMock(createLexisNexisApp(options, sandbox), options);
  return { ...served, sandbox, stats: () => sandbox.stats() };
}
