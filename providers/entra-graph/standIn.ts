/**
 * A local stand-in for Microsoft Entra ID's token endpoint and the Microsoft Graph v1.0 calls the
 * recovery service makes, so it can be tested and demoed offline. It serves HTTPS with a CA made at
 * start-up: trust `caPem` in-process with `trustCaInProcess` (trust.ts), or start a separate process
 * with `NODE_EXTRA_CA_CERTS` pointing at a file holding it.
 *
 *   const graph = await startGraphStandIn({ seed: { people, groups } });
 *   trustCaInProcess(graph.caPem);
 *   new ClientSecretCredential(graph.tenantId, graph.clientId, graph.clientSecret,
 *     { authorityHost: graph.authorityHost, disableInstanceDiscovery: true });
 *
 * Directory time (createdDateTime, TAP validity, revocations) comes from `clock`; token lifetimes
 * and TLS stay on the wall clock, as they would against Entra.
 */
import { X509Certificate, randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { AccessTokens } from './accessTokens';
import { FaultQueue } from './faults';
import { createGraphApp, type RequestLogEntry } from './graphApp';
import { Pager } from './odataQuery';
import { standInControls, standInState, type GraphStandInControls, type GraphStandInState } from './standInControls';
import { TapService } from './taps';
import { Tenant } from './tenant';
import { makeTlsMaterial } from '../vendor-http/tlsMaterial';
import type { GraphStandInOptions } from './types';
import { UserView } from './userView';

export interface GraphStandIn {
  /** `https://localhost:<port>`: the `authorityHost` for @azure/identity. */
  authorityHost: string;
  /** `https://localhost:<port>/v1.0`. */
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The CA that issued the stand-in's TLS certificate. */
  caPem: string;
  /** The schema extension holding birth dates: `extension_<clientId without hyphens>_dateOfBirth`. */
  birthDateAttribute: string;
  state: GraphStandInState;
  controls: GraphStandInControls;
  close(): Promise<void>;
}

export async function startGraphStandIn(options: GraphStandInOptions): Promise<GraphStandIn> {
  const now = options.clock ?? (() => Date.now());
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const certificate = options.clientCertificatePem === undefined ? null : new X509Certificate(options.clientCertificatePem);
  const tenant = new Tenant(options.seed, now());
  const view = new UserView(clientId);
  const taps = new TapService(tenant, now);
  const faults = new FaultQueue();
  const log: RequestLogEntry[] = [];
  const ctx = { tenant, view, taps, now, pager: new Pager(options.maxPageSize ?? 2) };
  const app = createGraphApp({ ctx, tenantId, app: { clientId, clientSecret, certificate }, tokens: await AccessTokens.create(tenantId), faults, log });

  const tls = await makeTlsMaterial('Graph stand-in');
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const authorityHost = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost,
    graphBaseUrl: `${authorityHost}/v1.0`,
    tenantId,
    clientId,
    clientSecret,
    caPem: tls.caPem,
    birthDateAttribute: view.birthDateAttribute,
    state: standInState(tenant, taps, log),
    controls: standInControls(tenant, taps, faults, now),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
