/**
 * zod shapes of the WebAuthn JSON that crosses the API (WebAuthn L3 §5.1 `toJSON()` forms, as
 * @simplewebauthn/browser and /server produce them). Inner objects stay loose where browsers add
 * members over time; everything the server reads is typed.
 */
import { z } from 'zod';

const b64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/, 'base64url')
  .max(8192);
const transports = z.array(z.string().max(32)).max(10);

export const RegistrationResponseSchema = z.object({
  id: b64url.min(1).max(1366),
  rawId: b64url.min(1).max(1366),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});

export const AuthenticationResponseSchema = z.object({
  id: b64url.min(1).max(1366),
  rawId: b64url.min(1).max(1366),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});

const credentialDescriptor = z.strictObject({ id: z.string(), type: z.string(), transports: transports.optional() });

/** What `generateRegistrationOptions` returns; parsed before it is sent (nothing undeclared leaves). */
export const CreationOptionsSchema = z.strictObject({
  challenge: z.string(),
  rp: z.strictObject({ name: z.string(), id: z.string().optional() }),
  user: z.strictObject({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.strictObject({ alg: z.number(), type: z.string() })),
  timeout: z.number().optional(),
  excludeCredentials: z.array(credentialDescriptor).optional(),
  authenticatorSelection: z
    .strictObject({
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      requireResidentKey: z.boolean().optional(),
      residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
      userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
    })
    .optional(),
  hints: z.array(z.string()).optional(),
  attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
  extensions: z.strictObject({ credProps: z.boolean().optional() }).optional(),
});

/** What `generateAuthenticationOptions` returns. */
export const RequestOptionsSchema = z.strictObject({
  challenge: z.string(),
  timeout: z.number().optional(),
  rpId: z.string().optional(),
  allowCredentials: z.array(credentialDescriptor).optional(),
  userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
  hints: z.array(z.string()).optional(),
  extensions: z.strictObject({ credProps: z.boolean().optional() }).optional(),
});
