/**
 * The service's Entra app identity: a TokenCredential from @azure/identity, which caches tokens and
 * refreshes them before they expire. Either a client secret or a certificate (a PEM file holding
 * the private key and the certificate) is used; the certificate is the stronger choice, as the
 * key never leaves the host.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { accessSync, constants } from 'node:fs';
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';

/** Microsoft's public-cloud authority, the default. */
export const ENTRA_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** Authority hosts MSAL can validate through instance discovery (public and national clouds). */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
]);

export const EntraCredentialOptionsSchema = z
  .object({
    /** Directory (tenant) id, a GUID, or a verified domain. */
    tenantId: z.string().trim().min(1),
    /** Application (client) id of the service's app registration. */
    clientId: z.string().trim().min(1),
    clientSecret: z.string().min(1).optional(),
    /** PEM file with the private key and the certificate. Wins over `clientSecret` when both are set. */
    clientCertificatePath: z.string().min(1).optional(),
    /** Default `https://login.microsoftonline.com`. Must be https: @azure/identity refuses anything else. */
    authorityHost: z
      .url()
      .refine((u) => u.startsWith('https://'), 'authorityHost must be an https URL')
      .optional(),
  })
  .refine((o) => o.clientSecret !== undefined || o.clientCertificatePath !== undefined, 'set clientSecret or clientCertificatePath');
export type EntraCredentialOptions = z.input<typeof EntraCredentialOptionsSchema>;

/** Throws at once (at boot) on options that could never yield a token, e.g. an unreadable certificate file. */
export function createEntraCredential(input: EntraCredentialOptions): TokenCredential {
  const options = EntraCredentialOptionsSchema.parse(input);
  const authorityHost = (options.authorityHost ?? ENTRA_AUTHORITY_HOST).replace(/\/+$/, '');
  const common = {
    authorityHost,
    // MSAL validates an authority by asking Microsoft's instance-discovery endpoint about it first.
    // That endpoint knows only Microsoft's clouds: for any other host (a local Graph stand-in, an
    // air-gapped test) the call fails, or cannot be made offline, and no token is ever issued. For
    // Microsoft's own hosts discovery stays on, so a mistyped authority is still caught.
    disableInstanceDiscovery: !MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname),
    // No retries inside token acquisition: a failing token endpoint surfaces at once as a transient
    // GraphError, and the job that needed the token is retried durably instead of blocking a worker.
    retryOptions: { maxRetries: 0 },
  };
  if (options.clientCertificatePath !== undefined) {
    // @azure/identity reads the file only at the first token request; a missing file is a deployment error, caught here.
    accessSync(options.clientCertificatePath, constants.R_OK);
    return new ClientCertificateCredential(options.tenantId, options.clientId, { certificatePath: options.clientCertificatePath }, common);
  }
  return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret ?? '', common);
}
