/**
 * The parts of FIDO Metadata Service v3 documents the service reads (FIDO Alliance, "FIDO
 * Metadata Service" v3.0 §3.1.1 MetadataBLOBPayloadEntry, and "FIDO Metadata Statement" v3.0 §4):
 * a model's AAGUID, the root certificates its attestation chains to, and its status reports.
 * Everything else in the documents is kept out (zod strips unknown keys).
 */
import { z } from 'zod';
import { AaguidSchema } from '../profileSchema';

/** MDS3 §3.1.4 AuthenticatorStatus values that mean "do not trust this model any more". */
export const DISTRUSTED_STATUSES = [
  'REVOKED',
  'USER_VERIFICATION_BYPASS',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
] as const;

export const StatusReportSchema = z.object({
  status: z.string().min(1),
  effectiveDate: z.string().optional(),
});

/** Metadata Statement §4: `attestationRootCertificates` are base64 DER (not PEM). */
export const MetadataStatementSchema = z.object({
  aaguid: AaguidSchema.optional(),
  description: z.string().max(1000).default(''),
  attestationTypes: z.array(z.string()).default([]),
  attestationRootCertificates: z.array(z.string().regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 DER')).max(100),
});

export const BlobEntrySchema = z.object({
  aaguid: AaguidSchema.optional(),
  metadataStatement: MetadataStatementSchema.optional(),
  statusReports: z.array(StatusReportSchema).default([]),
});

/** One JSON file: a BLOB payload (`entries`), one payload entry, or a bare metadata statement. */
export const MetadataFileSchema = z.union([
  z.object({ entries: z.array(BlobEntrySchema) }),
  BlobEntrySchema.extend({ metadataStatement: MetadataStatementSchema }),
  MetadataStatementSchema,
]);

export type MetadataStatement = z.infer<typeof MetadataStatementSchema>;
export type BlobEntry = z.infer<typeof BlobEntrySchema>;
