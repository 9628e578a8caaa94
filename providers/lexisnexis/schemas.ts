/**
 * zod schema of a TrueID conversation response (docs/references.md, "Vendor APIs: LexisNexis TrueID", Login.gov fixtures). Every value is a
 * string, numbers and booleans included, so the schema insists on strings.
 */
import { z } from 'zod';

export const ParameterSchema = z.object({
  Group: z.string(),
  Name: z.string(),
  Values: z.array(z.object({ Value: z.string(), Detail: z.string().optional() })),
});
export type Parameter = z.infer<typeof ParameterSchema>;

export const ProductSchema = z.object({
  ProductType: z.string(),
  ExecutedStepName: z.string().optional(),
  ProductStatus: z.string().optional(),
  ProductReason: z.object({ Code: z.string(), Description: z.string().optional() }).optional(),
  ParameterDetails: z.array(ParameterSchema).optional(),
});

export const TrueIdResponseSchema = z.object({
  Status: z.object({
    ConversationId: z.string().min(1),
    RequestId: z.string().optional(),
    TransactionStatus: z.enum(['passed', 'failed', 'error']),
    TransactionReasonCode: z.object({ Code: z.string(), Description: z.string().optional() }).optional(),
    Reference: z.string().optional(),
  }),
  Products: z.array(ProductSchema).default([]),
  Information: z.array(z.object({ InformationType: z.string(), Code: z.string(), Description: z.string().optional() })).optional(),
});
export type TrueIdResponse = z.infer<typeof TrueIdResponseSchema>;

/** `DocAuthResult` values, result_codes.rb (docs/references.md, "Vendor APIs: LexisNexis TrueID"). */
export const docAuthResults = ['Unknown', 'Passed', 'Failed', 'Skipped', 'Caution', 'Attention'] as const;
