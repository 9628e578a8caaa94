/**
 * For tests: a stand-in this process trusts, a credential signed in to it, and a raw Graph call
 * helper that shows status, headers and body exactly as served.
 */
import { ClientSecretCredential } from '@azure/identity';
import { startGraphStandIn, type GraphStandIn } from './standIn';
import { trustCaInProcess } from './trust';
import type { GraphStandInOptions } from './types';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON; `any` because tests read arbitrary Graph shapes. */
  body: any;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Default: a valid token. `null` sends no Authorization header. */
  token?: string | null;
}

export interface TrustedStandIn {
  graph: GraphStandIn;
  credential: ClientSecretCredential;
  /** `path` is relative to `/v1.0` unless it is a full URL (a nextLink). */
  call(path: string, init?: CallInit): Promise<RawResponse>;
  token(): Promise<string>;
}

export async function startTrustedStandIn(options: GraphStandInOptions): Promise<TrustedStandIn> {
  const graph = await startGraphStandIn(options);
  trustCaInProcess(graph.caPem);
  const credential = new ClientSecretCredential(graph.tenantId, graph.clientId, graph.clientSecret, {
    authorityHost: graph.authorityHost,
    disableInstanceDiscovery: true,
  });
  const token = async () => (await credential.getToken('https://graph.microsoft.com/.default')).token;
  const call = async (path: string, init: CallInit = {}): Promise<RawResponse> => {
    const bearer = init.token === undefined ? await token() : init.token;
    const headers: Record<string, string> = { ...init.headers };
    if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const url = path.startsWith('https://') ? path : `${graph.graphBaseUrl}${path}`;
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
  return { graph, credential, call, token };
}
