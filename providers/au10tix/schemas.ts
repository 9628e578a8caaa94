/**
 * zod schemas of the Au10tix responses the adapter reads (docs/references.md, "Vendor APIs: Au10tix"). Codes are integers; the
 * `DocumentData2` field names and the callback body are ASSUMED (no public source describes them).
 */
import { z } from 'zod';

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
});

/** Claims third-party tools read from the access token (docs/references.md, "Vendor APIs: Au10tix", confidence L). */
export const AccessTokenClaimsSchema = z.object({
  exp: z.number().int(),
  scp: z.union([z.string(), z.array(z.string())]),
  apiUrl: z.string().optional(),
  clientOrganizationId: z.union([z.string(), z.number()]).optional(),
});

/** `BeginProcessingRequest` → `{RequestId, RequestStateCode}` (iOS sample, docs/references.md, "Vendor APIs: Au10tix"). */
export const BeginResponseSchema = z.object({
  RequestId: z.string().min(1),
  RequestStateCode: z.union([z.number(), z.string()]),
});

const Codes = z.array(z.number().int());

export const DocumentData2Schema = z.object({
  FirstName: z.string().nullable(),
  LastName: z.string().nullable(),
  /** .NET-style `1990-03-14T00:00:00`. */
  DateOfBirth: z.string().nullable(),
  DocumentNumber: z.string().nullable(),
  DateOfExpiry: z.string().nullable(),
});

export const ResultResponseSchema = z.object({
  RequestId: z.string().optional(),
  ResultData: z.object({
    DocumentStatusReport2: z.object({ PrimaryProcessingResult: z.number().int(), ProcessingResultRemarks: Codes.default([]) }),
    /** A missing report means rejected (docs/references.md, "Vendor APIs: Au10tix"). */
    FaceComparisonReport: z.object({ CompletionStatus: z.number().int() }).nullable().optional(),
    RiskManagementReport: z
      .object({
        EffectiveConclusion: z.object({
          PrimaryProcessingResult: z.number().int(),
          Reasons: z.object({ RiskManagementRemarks: Codes.default([]) }).optional(),
        }),
      })
      .optional(),
    DocumentData2: DocumentData2Schema.nullable().optional(),
    /**
     * `ProcessingResult.DocumentTypeDescriptor.CountryIso3` (confidence L): the issuing country of
     * the recognised document type. Its place under `ResultData` is ASSUMED.
     */
    ProcessingResult: z
      .object({
        DocumentTypeDescriptor: z
          .object({ CountryIso3: z.string().nullable().optional(), DocumentType: z.string().nullable().optional() })
          .nullable()
          .optional(),
      })
      .nullable()
      .optional(),
  }),
});
export type ResultResponse = z.infer<typeof ResultResponseSchema>;

/** ASSUMED callback body: a hint to re-GET the result (docs/references.md, "Vendor APIs: adapter patterns"). */
export const CallbackBodySchema = z.object({
  eventId: z.string().min(1),
  requestId: z.string().min(1),
  status: z.literal('Completed'),
});
