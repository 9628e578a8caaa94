/**
 * Makes this process trust the stand-in's CA for every TLS client that uses Node's default trust
 * store (https, fetch, `@azure/identity`). In-process only, for tests and the demo; a separate
 * process would be started with `NODE_EXTRA_CA_CERTS=<file with the CA PEM>` instead.
 * `tls.setDefaultCACertificates` exists from Node 22.19 / 24.5.
 */
import tls from 'node:tls';

export function trustCaInProcess(caPem: string): void {
  const current = tls.getCACertificates('default');
  if (current.includes(caPem)) return;
  tls.setDefaultCACertificates([...current, caPem]);
}
