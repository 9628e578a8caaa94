/**
 * A claim-validation hook as a deployment would run it, in the test process: a real HTTP server
 * that checks the service's signature on every request and signs its replies. Its path chooses
 * the behaviour: /pass, /fail, /slow (answers after 2 s), /badsig (a reply signed with the wrong
 * secret); /token is an OAuth 2.0 client-credentials token endpoint for the bearer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signHookBody, verifyHookSignature } from '../../src/claimHooks/signature';

export const HOOK_SECRET = 'hook-secret-for-tests-0123456789abcdef';
export const TOKEN = 'token-for-tests-0123';

export interface SeenRequest {
  path: string;
  body: Record<string, unknown>;
  signature: string;
  authorization: string | null;
}

export interface HookServer {
  url: string;
  seen: SeenRequest[];
  tokensIssued: number;
  /** The service's clock: replies are signed on it, as a real hook shares the service's real clock. */
  now: () => number;
  close(): Promise<void>;
}

export async function startHookServer(): Promise<HookServer> {
  const state: HookServer = { url: '', seen: [], tokensIssued: 0, now: Date.now, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      if (path === '/token') {
        state.tokensIssued += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      const seconds = Math.floor(state.now() / 1000);
      const signature = verifyHookSignature(HOOK_SECRET, (req.headers['x-hook-signature'] as string | undefined) ?? null, raw, seconds);
      const body = JSON.parse(raw) as Record<string, unknown>;
      state.seen.push({ path, body, signature, authorization: req.headers.authorization ?? null });
      if (signature !== 'valid') {
        res.writeHead(401).end();
        return;
      }
      const reply = (answer: object, secret = HOOK_SECRET) => {
        const text = JSON.stringify({ ...answer, requestId: body.requestId });
        res.writeHead(200, { 'content-type': 'application/json', 'x-hook-signature': signHookBody(secret, seconds, text) }).end(text);
      };
      if (path.startsWith('/bearer') && req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401).end();
        return;
      }
      if (path.startsWith('/pass') || path.startsWith('/bearer')) reply({ result: 'pass' });
      else if (path.startsWith('/fail')) reply({ result: 'fail', reasonCode: 'hr_leaver', failedClaims: ['employeeId'] });
      else if (path.startsWith('/slow'))
        setTimeout(() => {
          if (!res.destroyed) reply({ result: 'pass' });
        }, 2000);
      else if (path.startsWith('/badsig')) reply({ result: 'pass' }, 'another-secret-entirely-0123456789abcdef');
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
