/**
 * The Graph v1.0 shapes the connector reads, checked with zod at the edge. Every property is
 * optional or nullable where Graph may omit it (`$select` decides what comes back), and each
 * schema is checked against Microsoft's published types (@microsoft/microsoft-graph-types) below.
 * https://learn.microsoft.com/en-us/graph/api/resources/user
 */
import type {
  Fido2AuthenticationMethod,
  Group,
  RiskyUser,
  TemporaryAccessPassAuthenticationMethod,
  TemporaryAccessPassAuthenticationMethodConfiguration,
  User,
} from '@microsoft/microsoft-graph-types';
import { z } from 'zod';

const text = z.string().nullish();

/** Unknown properties are kept: selected schema extensions (`extension_<appId>_<name>`) arrive as top-level properties. */
export const GraphUserSchema = z
  .object({
    id: z.string().min(1),
    userPrincipalName: text,
    givenName: text,
    surname: text,
    displayName: text,
    mail: text,
    otherMails: z.array(z.string()).optional(),
    employeeId: text,
    accountEnabled: z.boolean().nullish(),
    onPremisesSamAccountName: text,
  })
  .catchall(z.unknown());
export type GraphUser = z.infer<typeof GraphUserSchema>;

export const GraphGroupSchema = z.object({ id: z.string().min(1), displayName: text });
export type GraphGroup = z.infer<typeof GraphGroupSchema>;

export const TapSchema = z.object({
  id: z.string().min(1),
  /** The pass itself: only in the create response, `null` on every read. */
  temporaryAccessPass: text,
  createdDateTime: text,
  startDateTime: text,
  lifetimeInMinutes: z.number().int().nullish(),
  isUsableOnce: z.boolean().nullish(),
  isUsable: z.boolean().nullish(),
  methodUsabilityReason: text,
});
export type Tap = z.infer<typeof TapSchema>;

/**
 * The list example of https://learn.microsoft.com/en-us/graph/api/fido2authenticationmethod-list
 * spells `creationDateTime`; both spellings are read as `createdDateTime`.
 */
export const Fido2MethodSchema = z.preprocess(
  (raw) =>
    raw !== null && typeof raw === 'object' && !('createdDateTime' in raw) && 'creationDateTime' in raw
      ? { ...raw, createdDateTime: raw.creationDateTime }
      : raw,
  z.object({
    id: z.string().min(1),
    displayName: text,
    createdDateTime: text,
    aaGuid: text,
    model: text,
    attestationCertificates: z.array(z.string()).nullish(),
    attestationLevel: z.enum(['attested', 'notAttested']).nullish(),
  }),
);
export type Fido2Method = z.infer<typeof Fido2MethodSchema>;

export const TapPolicySchema = z.object({
  id: z.string(),
  state: z.enum(['enabled', 'disabled']).nullish(),
  defaultLifetimeInMinutes: z.number().int().nullish(),
  defaultLength: z.number().int().nullish(),
  minimumLifetimeInMinutes: z.number().int().nullish(),
  maximumLifetimeInMinutes: z.number().int().nullish(),
  isUsableOnce: z.boolean().nullish(),
  includeTargets: z.array(z.object({ targetType: z.string(), id: z.string(), isRegistrationRequired: z.boolean().nullish() })).nullish(),
});
export type TapPolicy = z.infer<typeof TapPolicySchema>;

export function collectionOf<T extends z.ZodType>(item: T) {
  return z.object({ value: z.array(item), '@odata.nextLink': z.string().optional(), '@odata.count': z.number().optional() });
}

/**
 * An account's risk at Entra ID Protection. A value Graph adds later (an evolvable enumeration)
 * reads as `unknownFutureValue`, never as a failed call.
 * https://learn.microsoft.com/en-us/graph/api/resources/riskyuser
 */
export const RiskyUserSchema = z.object({
  id: z.string().min(1),
  isDeleted: z.boolean().nullish(),
  isProcessing: z.boolean().nullish(),
  riskLevel: z.enum(['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue']).catch('unknownFutureValue').nullish(),
  riskState: z
    .enum(['none', 'confirmedSafe', 'remediated', 'dismissed', 'atRisk', 'confirmedCompromised', 'unknownFutureValue'])
    .catch('unknownFutureValue')
    .nullish(),
  riskDetail: text,
  riskLastUpdatedDateTime: text,
  userPrincipalName: text,
  userDisplayName: text,
});
export type RiskyUserRecord = z.infer<typeof RiskyUserSchema>;

/** What actions such as `revokeSignInSessions` answer: `{"value": true}`. */
export const BooleanValueSchema = z.object({ value: z.boolean() });

// Compile-time checks: each parsed shape is a valid value of Microsoft's published type, so a
// schema cannot drift from the model (a wrong property type fails `tsc`).
type Conforms<Parsed extends Published, Published> = Parsed;
export type PublishedShapes = [
  Conforms<GraphUser, User>,
  Conforms<GraphGroup, Group>,
  Conforms<Tap, TemporaryAccessPassAuthenticationMethod>,
  Conforms<Fido2Method, Fido2AuthenticationMethod>,
  Conforms<Omit<TapPolicy, 'includeTargets'>, TemporaryAccessPassAuthenticationMethodConfiguration>,
  Conforms<Omit<RiskyUserRecord, 'riskDetail'>, RiskyUser>,
];
