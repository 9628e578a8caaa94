/**
 * One bound LDAP session per directory read: connect (TLS from the first byte for ldaps://, or
 * StartTLS), bind as the service account, run the searches, unbind. A session per read keeps no
 * connection to go stale, so a restarted server is simply used again on the next read.
 *
 * Certificates are always verified, against Node's trust store plus NODE_EXTRA_CA_CERTS.
 */
import { Client, ResultCodeError } from 'ldapts';
import { DirectoryConfigError, DirectoryUnavailableError } from '../directory';
import type { LdapSettings } from './ldapSettings';

/** Result codes that mean "try again later" (RFC 4511 Appendix A): busy, unavailable, time limit, other. */
const TRANSIENT_CODES = new Set([3, 51, 52, 80]);
/** Node's certificate verification failures (OpenSSL X509_V_ERR_* names, and the host-name check). */
const TLS_TRUST_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/;

export async function withLdapSession<T>(settings: LdapSettings, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: settings.url, timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs, strictDN: false });
  try {
    if (settings.startTls) await client.startTLS({});
    await client.bind(settings.bindDn, settings.bindPassword);
    return await use(client);
  } catch (err) {
    throw classify(err);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Directory refusals are deployment errors; anything about reaching it is transient. */
function classify(err: unknown): Error {
  if (err instanceof DirectoryConfigError || err instanceof DirectoryUnavailableError) return err;
  if (err instanceof ResultCodeError) {
    if (TRANSIENT_CODES.has(err.code)) return new DirectoryUnavailableError(`LDAP server busy or unavailable (result ${err.code})`, undefined, { cause: err });
    // 49 invalid credentials, 50 insufficient access, 32 no such object (base DN), 8/13 TLS required...
    return new DirectoryConfigError(`LDAP server refused the service account's request (result ${err.code}): ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  // A certificate that does not verify is not an outage: waiting will not fix it.
  if (typeof code === 'string' && TLS_TRUST_CODES.test(code)) {
    return new DirectoryConfigError(`LDAP server's certificate is not trusted (${code}); add its CA to NODE_EXTRA_CA_CERTS`, { cause: err });
  }
  return new DirectoryUnavailableError(`LDAP server unreachable: ${message}`, undefined, { cause: err });
}
