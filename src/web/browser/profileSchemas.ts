/**
 * The admin console's own copy of the passkey- and recovery-profile bodies, to check an edit
 * before it is sent. The service's schemas cannot be bundled for the browser (they parse PEM
 * certificates with node:crypto and look vendors up in the server's registry), so these repeat
 * their fields and limits; the service checks again (certificates that parse, registered vendors)
 * and the console shows what it refuses. test/unit/profileSchemas.test.ts keeps the two in step.
 * Profiles read from the service are parsed loosely (`looseObject`): a field added there later
 * shows up in the editor instead of breaking the list.
 */
import * as z from 'zod';

const unique = (values: readonly unknown[]) => new Set(values).size === values.length;
const group = z.string().min(1).max(256);
const groups = z.array(group).max(100);

export const PasskeyProfileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-" (max 64)');
const aaguid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'an AAGUID (8-4-4-4-12 hex)');
const pem = z
  .string()
  .max(16_384)
  .regex(/^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/, 'one PEM certificate');

const passkeyFields = z.strictObject({
  passkeyTypes: z
    .array(z.enum(['deviceBound', 'synced']))
    .min(1)
    .max(2)
    .refine(unique, 'passkeyTypes must not repeat a type'),
  attestationEnforcement: z.enum(['disabled', 'registrationOnly']),
  keyRestrictions: z.strictObject({ isEnforced: z.boolean(), enforcementType: z.enum(['allow', 'block']), aaGuids: z.array(aaguid).max(1000) }).optional(),
  attestationRoots: z.array(pem).max(20).optional(),
  groups: groups.default([]),
  excludeGroups: groups.default([]),
  priority: z.number().int().min(0).max(10_000).default(100),
});

/** As the service's PasskeyProfileBodySchema: an AAGUID list without required attestation is a list anyone passes. */
export const PasskeyProfileBodySchema = passkeyFields.refine((p) => !p.keyRestrictions?.isEnforced || p.attestationEnforcement === 'registrationOnly', {
  message: 'keyRestrictions (an AAGUID allow or block list) need attestationEnforcement "registrationOnly"',
  path: ['attestationEnforcement'],
});

export const PasskeyProfileReadSchema = z.looseObject({
  name: z.string(),
  priority: z.number(),
  passkeyTypes: z.array(z.string()),
  attestationEnforcement: z.string(),
  keyRestrictions: z.looseObject({ isEnforced: z.boolean(), enforcementType: z.string(), aaGuids: z.array(z.string()) }).optional(),
  groups: z.array(z.string()),
  excludeGroups: z.array(z.string()),
});
export type PasskeyProfileRead = z.infer<typeof PasskeyProfileReadSchema>;

export const RecoveryProfileNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "_" or "-" (max 63)');
export const RecoveryModeSchema = z.enum(['evaluation', 'production', 'off']);

export const RecoveryProfileBodySchema = z.strictObject({
  description: z.string().max(500).optional(),
  groups: z.array(group).min(1).max(100),
  excludeGroups: groups.default([]),
  priority: z.number().int().min(0).max(10_000),
  mode: RecoveryModeSchema,
  providers: z.array(z.string().min(1)).min(1).max(10).refine(unique, 'providers must not repeat a vendor').optional(),
  faceMatchThreshold: z.number().int().min(50).max(100).optional(),
  matching: z
    .strictObject({
      nameMatchMode: z.enum(['exact', 'relaxed']),
      requiredAttributes: z
        .array(z.enum(['birthDate', 'documentNumber', 'employeeId']))
        .max(3)
        .default([])
        .refine(unique, 'requiredAttributes must not repeat an attribute'),
      allowNameOnly: z.boolean().default(false),
    })
    .optional(),
  accessPass: z
    .strictObject({
      lifetimeMinutes: z.number().int().min(10).max(43_200),
      length: z.number().int().min(8).max(48),
      oneTimeUse: z.boolean(),
    })
    .optional(),
  helpdeskLinks: z
    .strictObject({ allowed: z.boolean().default(true), requireApproval: z.boolean().default(false) })
    .default({ allowed: true, requireApproval: false }),
  claimHooks: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/))
    .max(10)
    .refine(unique, 'claimHooks must not repeat a hook')
    .optional(),
});

export const RecoveryProfileReadSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  priority: z.number(),
  mode: z.string(),
  groups: z.array(z.string()),
  excludeGroups: z.array(z.string()).default([]),
  providers: z.array(z.string()).optional(),
  faceMatchThreshold: z.number().optional(),
});
export type RecoveryProfileRead = z.infer<typeof RecoveryProfileReadSchema>;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
