/**
 * zod schemas of the GIPS responses the adapter reads (docs/references.md, "Vendor APIs: IDEMIA"). Unknown fields are allowed
 * (zod strips them): GIPS adds fields over time and we must not break on them.
 */
import { z } from 'zod';

export const evidenceStatuses = ['PROCESSING', 'ADJUDICATION', 'VERIFIED', 'NOT_VERIFIED', 'INVALID'] as const;
export const EvidenceStatusSchema = z.enum(evidenceStatuses);
export type EvidenceStatus = z.infer<typeof EvidenceStatusSchema>;
export const LevelSchema = z.enum(['LEVEL0', 'LEVEL1', 'LEVEL2', 'LEVEL3', 'LEVEL4']);
export type Level = z.infer<typeof LevelSchema>;

export const IdemiaErrorSchema = z.object({ field: z.string().optional(), code: z.number().int(), message: z.string().optional() });
export type IdemiaError = z.infer<typeof IdemiaErrorSchema>;

/** `POST /identities` → 200 `{id, status:"EXPECTING_INPUT", levelOfAssurance:"LOA0", ...}`. */
export const IdentitySchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  levelOfAssurance: z.string(),
});

/** `POST .../id-documents/capture` and `.../attributes/portrait/capture` → evidence `{status, type, id}`. */
export const EvidenceRefSchema = z.object({ id: z.string().min(1), type: z.string(), status: EvidenceStatusSchema });

/** `GET /{id}/status/{evidenceId}`; `score` is present once the evidence is definitive. */
export const EvidenceStatusResponseSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  status: EvidenceStatusSchema,
  score: LevelSchema.optional(),
  errors: z.array(IdemiaErrorSchema).default([]),
});
export type EvidenceStatusResponse = z.infer<typeof EvidenceStatusResponseSchema>;

const EvidenceSummarySchema = z.object({
  evidenceId: z.string().min(1),
  evidenceStatus: z.object({ status: EvidenceStatusSchema, score: LevelSchema.optional(), strength: LevelSchema.optional() }),
});

/**
 * ISO dates. `idDocumentData` appears once the document is processed (a mock approximation of GIPS).
 * `issuingCountry`: alpha-3, the code GIPS takes as a document's `jurisdiction` (e.g. "FRA") and
 * checks against the issuer (error 1510 "wrong issuer", docs/references.md, "Vendor APIs: IDEMIA").
 */
export const IdDocumentDataSchema = z.object({
  givenNames: z.string(),
  surname: z.string(),
  dateOfBirth: z.string().nullable(),
  documentNumber: z.string().nullable(),
  dateOfExpiry: z.string().nullable(),
  issuingCountry: z.string().nullable().optional(),
});

/**
 * `GET /{id}?detailed=true`. `portrait.biometricMatch` (integer 0..10000, Bioserver-style, docs/references.md,
 * "Vendor APIs: IDEMIA", MATCHING_SCORE_THRESHOLD) and `portrait.liveness` (Bioserver `livenessStatus`) are how the
 * mock surfaces what Bioserver computes; they are mock extensions of the documented shape.
 */
export const DetailedIdentitySchema = z.object({
  globalStatus: z.object({ id: z.string().min(1), status: z.string(), levelOfAssurance: z.string() }),
  consents: z.array(z.object({ type: z.string(), approved: z.boolean() })).default([]),
  idDocuments: z.array(EvidenceSummarySchema.extend({ idDocumentData: IdDocumentDataSchema.optional() })).default([]),
  portrait: EvidenceSummarySchema.extend({
    biometricMatch: z.object({ score: z.number().int().min(0).max(10_000), threshold: z.number().int() }).optional(),
    liveness: z.object({ status: z.string() }).optional(),
  }).optional(),
});
export type DetailedIdentity = z.infer<typeof DetailedIdentitySchema>;
