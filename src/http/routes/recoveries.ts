/**
 * Claimant endpoints: start a recovery, submit evidence, read status. Thin: parse, call the
 * library, parse the response.
 */
import type { Readable, Writable } from 'node:stream';
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { errors } from '../../errors';
import { startRecovery } from '../../recovery/startRecovery';
import { submitEvidence } from '../../recovery/submitEvidence';
import { readStatus } from '../../recovery/readStatus';
import { recoveryStatuses } from '../../../flows/recoveryMachine';
import { DocumentTypeSchema, SelfieSourceSchema } from '../../../providers/contract';
import { authorizeRecovery, authorizeStatusRead } from '../../recovery/authorize';
import { bearer, parseInput, requireJson, send } from '../validate';
import { sendProblem } from '../problem';
import { uploadSlots } from '../uploadSlots';
import { clientOf, limitEvidence, limitEvidencePerAccount, limitRecoveryStart } from '../rateLimit';

/**
 * The claimant's employee ID, optional: one more strong attribute for account matching
 * (policies/accountMatch.ts). As long as the directory's (64), printable, trimmed; kept sealed until
 * the decision and never echoed back or logged.
 */
const EmployeeId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{C}]+$/u, 'must be printable text');
/** `remediation`: the owner re-proves who they are to clear the account's risk (docs/risk.md); the same journey. */
const Purpose = z.enum(['recovery', 'remediation']);
const StartBody = z.union([
  z.strictObject({ username: z.string().trim().min(1).max(256), employeeId: EmployeeId.optional(), purpose: Purpose.optional() }),
  z.strictObject({
    linkToken: z
      .string()
      .min(16)
      .max(128)
      .regex(/^[A-Za-z0-9_-]+$/),
    employeeId: EmployeeId.optional(),
    purpose: Purpose.optional(),
  }),
]);
const IdParams = z.object({ id: z.uuid() });

export const StartResponse = z.strictObject({ id: z.string(), token: z.string(), status: z.enum(recoveryStatuses), expiresAt: z.string() });
export const StatusResponse = z.strictObject({
  id: z.string(),
  status: z.enum(recoveryStatuses),
  reason: z.string().optional(),
  accessPass: z.strictObject({ code: z.string(), expiresAt: z.string(), oneTimeUse: z.boolean() }).optional(),
  next: z.strictObject({ enrollmentUrl: z.string() }).optional(),
});
const EvidenceResponse = z.strictObject({ status: z.literal('verifying') });
const EvidenceFields = z.object({
  consent: z.string().optional(),
  documentCountry: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
  /** Declared document kind, for vendors that need one per upload (providers/contract.ts ClaimantData). */
  documentType: DocumentTypeSchema.optional(),
  /** Where the selfie came from, as the page declares it (providers/contract.ts SelfieSource). */
  selfieSource: SelfieSourceSchema.optional(),
});

export function recoveryRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/v1/recoveries', limitRecoveryStart(ctx), async (req, res) => {
    requireJson(req);
    const body = parseInput(StartBody, req.body, 'body');
    const started = await startRecovery(ctx, body, clientOf(req, ctx.config.IPV6_PREFIX_LENGTH));
    send(res.setHeader('Cache-Control', 'no-store'), 201, StartResponse, started);
  });

  router.get('/v1/recoveries/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'path');
    const current = await authorizeStatusRead(ctx, id, bearer(req));
    // The response may hold the access pass: never cache it anywhere.
    send(res.setHeader('Cache-Control', 'no-store'), 200, StatusResponse, await readStatus(ctx, current));
  });

  const slots = uploadSlots({ concurrency: ctx.config.EVIDENCE_CONCURRENCY, maxWaiting: ctx.config.EVIDENCE_QUEUE });
  router.post(
    '/v1/recoveries/:id/evidence',
    limitEvidence(ctx),
    authorizeUpload(ctx),
    limitEvidencePerAccount(ctx),
    slots,
    evidenceParser(ctx),
    async (req, res) => {
      const fields = parseInput(EvidenceFields, req.body, 'body');
      const files = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
      const pick = (name: string) => files[name]?.[0]?.buffer;
      const result = await submitEvidence(ctx, res.locals.recovery, {
        consent: fields.consent === 'true',
        documentCountry: fields.documentCountry,
        documentType: fields.documentType,
        // Undeclared is not camera: only an explicit `camera` claims a live capture.
        selfieSource: fields.selfieSource ?? 'file',
        files: { selfie: pick('selfie'), documentFront: pick('documentFront'), documentBack: pick('documentBack') },
      });
      send(res, 202, EvidenceResponse, result);
    },
  );

  return router;
}

/** Authenticate before a single upload byte is buffered. */
function authorizeUpload(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    try {
      const { id } = parseInput(IdParams, req.params, 'path');
      res.locals.recovery = await authorizeRecovery(ctx, id, bearer(req));
      if (!req.is('multipart/form-data')) throw errors.unsupportedMedia('multipart/form-data');
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > 3 * ctx.config.EVIDENCE_MAX_BYTES + 64 * 1024) throw errors.evidenceTooLarge(ctx.config.EVIDENCE_MAX_BYTES);
      next();
    } catch (err) {
      next(err);
    }
  };
}

function evidenceParser(ctx: AppContext): RequestHandler {
  // multer 2.5 takes `streamHandler`; @types/multer does not know it yet.
  const options: multer.Options & { streamHandler: StreamHandler } = {
    storage: multer.memoryStorage(),
    // Limits apply while streaming: an oversized file is cut off, not buffered whole.
    limits: { fileSize: ctx.config.EVIDENCE_MAX_BYTES, files: 3, fields: 4, parts: 8, fieldSize: 1024, fieldNameSize: 100, headerPairs: 50 },
    streamHandler: cutOffOversized(ctx.config.EVIDENCE_MAX_BYTES),
  };
  return multer(options).fields([
    { name: 'selfie', maxCount: 1 },
    { name: 'documentFront', maxCount: 1 },
    { name: 'documentBack', maxCount: 1 },
  ]);
}

type StreamHandler = (req: Request, busboy: Writable) => void;

/**
 * multer reports a size error only after reading the rest of the body, so a chunked upload (no
 * Content-Length for authorizeUpload to check) got its 413 after its last byte, or never. Answer
 * 413 as soon as a file passes its limit, and hang up once the body passes the declared-size cap.
 */
function cutOffOversized(maxBytes: number): StreamHandler {
  const cap = 3 * maxBytes + 64 * 1024;
  return (req, busboy) => {
    let seen = 0;
    const answer = (close: boolean) => {
      if (!req.res || req.res.headersSent) return;
      if (close) req.res.setHeader('Connection', 'close');
      sendProblem(req.res, errors.evidenceTooLarge(maxBytes));
    };
    busboy.on('file', (_name: string, file: Readable) => file.once('limit', () => answer(false)));
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= cap) return;
      if (req.res?.writableFinished) req.socket.destroy();
      else answer(true);
    });
    req.pipe(busboy);
  };
}
