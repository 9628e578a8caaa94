/**
 * Where accounts live (DIRECTORY) and where the recovered person's new sign-in lives
 * (CREDENTIALS). docs/connectors.md explains each variable and how to connect Active Directory,
 * OpenLDAP and Microsoft Entra ID.
 */
import { z } from 'zod';
import { directoryKinds } from '../connectors/directory';
import { credentialKinds } from '../connectors/credentials';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** An LDAP attribute description (RFC 4512 §2.5): a name or an OID. */
const attribute = z.string().regex(/^([a-zA-Z][a-zA-Z0-9-]*|\d+(\.\d+)+)$/, 'an LDAP attribute name');

export const DirectoryEnv = z.object({
  DIRECTORY: z.enum(directoryKinds).default('builtin'),
  /** Default: `entra` when DIRECTORY=entra, else `builtin`. */
  CREDENTIALS: z.enum(credentialKinds).optional(),

  /** ldap:// or ldaps://. Unset with DIRECTORY=ldap under `npm start`: an embedded slapd with the demo directory. */
  LDAP_URL: z
    .string()
    .regex(/^ldaps?:\/\/[^\s]+$/, 'an ldap:// or ldaps:// URL')
    .optional(),
  /** StartTLS (RFC 4511 §4.14) before binding on an ldap:// URL. */
  LDAP_STARTTLS: bool.default(false),
  LDAP_BIND_DN: z.string().min(1).optional(),
  LDAP_BIND_PASSWORD: z.string().min(1).optional(),
  LDAP_BASE_DN: z.string().min(1).optional(),
  /** Where groups are searched for; default LDAP_BASE_DN. */
  LDAP_GROUP_BASE_DN: z.string().min(1).optional(),
  LDAP_SCHEMA: z.enum(['openldap', 'ad']).default('openldap'),
  /** `{username}` is replaced by the typed name, escaped (RFC 4515 §3). Default per LDAP_SCHEMA. */
  LDAP_USER_FILTER: z.string().min(3).includes('{username}').optional(),
  /** Optional attribute holding the birth date (`YYYY-MM-DD`, or generalized time as AD stores dates). */
  LDAP_ATTR_BIRTH_DATE: attribute.optional(),
  /** Default `employeeNumber` (openldap) or `employeeID` (ad). */
  LDAP_ATTR_EMPLOYEE_ID: attribute.optional(),
  /**
   * How nested groups are resolved: `in_chain` asks Active Directory in one search
   * (LDAP_MATCHING_RULE_IN_CHAIN); `walk` follows `member` level by level (any LDAP server).
   * Default: `in_chain` for ad, `walk` for openldap.
   */
  LDAP_NESTED_GROUPS: z.enum(['in_chain', 'walk']).optional(),
  LDAP_TIMEOUT_MS: int(100, 60_000).default(5000),

  /** Directory (tenant) id or domain. Unset with DIRECTORY=entra under `npm start`: the embedded Graph-shaped stand-in. */
  ENTRA_TENANT_ID: z.string().min(1).optional(),
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  /** Path of a PEM file holding the app's certificate and private key (instead of a secret). */
  ENTRA_CLIENT_CERTIFICATE: z.string().min(1).optional(),
  ENTRA_AUTHORITY_HOST: z.url().startsWith('https://', 'must be https').default('https://login.microsoftonline.com'),
  GRAPH_BASE_URL: z.url().startsWith('https://', 'must be https').default('https://graph.microsoft.com/v1.0'),
  /** The user property holding a birth date, e.g. a directory extension `extension_<appId>_dateOfBirth`. */
  ENTRA_BIRTH_DATE_ATTRIBUTE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
    .optional(),
  /** Where the person registers a passkey with the Entra TAP. */
  ENTRA_ENROLLMENT_URL: z.url().default('https://mysignins.microsoft.com/security-info'),
});
export type DirectoryEnvConfig = z.infer<typeof DirectoryEnv>;

/** CREDENTIALS as configured, or its default. */
export function credentialsKind(config: Pick<DirectoryEnvConfig, 'DIRECTORY' | 'CREDENTIALS'>): (typeof credentialKinds)[number] {
  return config.CREDENTIALS ?? (config.DIRECTORY === 'entra' ? 'entra' : 'builtin');
}
