/**
 * Staff sign-in with the organisation's OpenID Provider (authorization code + PKCE, OpenID Connect
 * Core 1.0 §3.1). Everything is optional: with STAFF_OIDC_ISSUER unset the feature is off and staff
 * use API keys only. Every variable is listed with its default in `.env.example`; docs/staff-oidc.md
 * says which claim carries groups at Entra ID, Okta and Keycloak.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/**
 * An https issuer; plain http only on a loopback host (a local OP in development and the tests),
 * as RFC 8252 §8.3 allows for loopback redirects: anywhere else the discovery document, the keys and
 * the code exchange would cross the network unprotected.
 */
const issuer = z.url().refine((v) => {
  const u = new URL(v);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
}, 'STAFF_OIDC_ISSUER must be https (http only for localhost)');

export const StaffOidcEnv = z
  .object({
    /** The OP's issuer identifier; its `/.well-known/openid-configuration` is read on first use. Unset: feature off. */
    STAFF_OIDC_ISSUER: issuer.optional(),
    STAFF_OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** Confidential client (client_secret_basic). Unset: a public client, PKCE alone (RFC 7636). */
    STAFF_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Registered at the OP; default `<PUBLIC_BASE_URL>/staff/callback`. */
    STAFF_OIDC_REDIRECT_URI: z.url().optional(),
    STAFF_OIDC_SCOPES: z
      .string()
      .default('openid email profile')
      .refine((v) => v.split(/\s+/).includes('openid'), 'must include openid'),
    /**
     * The claim holding the person's groups or roles (a string or an array of strings); a dotted
     * path reaches nested claims, e.g. Keycloak's `realm_access.roles`. Default `groups`.
     */
    STAFF_OIDC_ROLES_CLAIM: z
      .string()
      .regex(/^[\w:/-]+(\.[\w:/-]+)*$/)
      .default('groups'),
    /** Claim values (group names, Entra object ids or app-role values) granting each role, comma-separated. */
    STAFF_OIDC_ADMIN_GROUPS: list,
    STAFF_OIDC_HELPDESK_GROUPS: list,
    STAFF_OIDC_REVIEWER_GROUPS: list,
    /** A staff session ends this long after sign-in, whatever happens (default 8 h). */
    STAFF_SESSION_MINUTES: int(5, 7 * 24 * 60).default(8 * 60),
    /** …and after this long without a request (default 60 min; 0 = no idle timeout). */
    STAFF_SESSION_IDLE_MINUTES: int(0, 7 * 24 * 60).default(60),
  })
  .superRefine((c, ctx) => {
    if (!c.STAFF_OIDC_ISSUER) return;
    if (!c.STAFF_OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['STAFF_OIDC_CLIENT_ID'], message: 'required with STAFF_OIDC_ISSUER' });
    const mapped = c.STAFF_OIDC_ADMIN_GROUPS.length + c.STAFF_OIDC_HELPDESK_GROUPS.length + c.STAFF_OIDC_REVIEWER_GROUPS.length;
    if (mapped === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['STAFF_OIDC_HELPDESK_GROUPS'],
        message: 'map at least one group to a role (STAFF_OIDC_*_GROUPS) or nobody could sign in',
      });
    }
  });
