import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/identity';
import { GraphError, parseRetryAfter } from './graphError';
import { createGraphTransport } from './graphTransport';
import { odataString } from './odataString';

const credential: TokenCredential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** A plain-HTTP Graph double whose handler the test chooses. */
async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('Graph transport', () => {
  it('retries a GET once, at once, when the connection is reset, and never a POST', async () => {
    let calls = 0;
    const graph = await serve((req, res) => {
      calls += 1;
      if (calls % 2 === 1) return void req.socket.destroy();
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ value: [] }));
    });
    try {
      const send = createGraphTransport({ baseUrl: graph.base, credential });
      expect((await send({ method: 'GET', path: '/users' })).status).toBe(200);
      expect(calls).toBe(2);
      await expect(send({ method: 'POST', path: '/users/x/revokeSignInSessions' })).rejects.toMatchObject({ code: 'network', transient: true });
      expect(calls).toBe(3);
    } finally {
      await graph.close();
    }
  });

  it('sends the bearer token, a client-request-id and ConsistencyLevel only for advanced queries', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const graph = await serve((req, res) => {
      seen.push(req.headers);
      res.end('{}');
    });
    try {
      const send = createGraphTransport({ baseUrl: graph.base, credential });
      await send({ method: 'GET', path: '/users' });
      await send({ method: 'GET', path: '/users?$count=true', advanced: true });
      expect(seen[0]).toMatchObject({ authorization: 'Bearer test-token', 'client-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(seen[0]).not.toHaveProperty('consistencylevel');
      expect(seen[1]).toMatchObject({ consistencylevel: 'eventual' });
      await expect(send({ method: 'GET', path: 'https://elsewhere.example/v1.0/users' })).rejects.toMatchObject({ code: 'invalid_response' });
    } finally {
      await graph.close();
    }
  });

  it('reads a non-Graph error body without failing, and times out as transient', async () => {
    const graph = await serve((req, res) => {
      if (req.url?.includes('slow')) return; // never answers
      res.statusCode = 502;
      res.end('<html>bad gateway</html>');
    });
    try {
      const send = createGraphTransport({ baseUrl: graph.base, credential, timeoutMs: 100 });
      await expect(send({ method: 'GET', path: '/users' })).rejects.toMatchObject({ status: 502, code: 'http_502', transient: true });
      await expect(send({ method: 'GET', path: '/slow' })).rejects.toMatchObject({ status: 0, code: 'timeout', transient: true });
    } finally {
      await graph.close();
    }
  });

  it('treats a refused token as permanent (401) and an unreachable token endpoint as transient', async () => {
    const refusing: TokenCredential = {
      getToken: async () => {
        throw Object.assign(new Error('invalid_client'), { cause: { status: 401 } });
      },
    };
    const down: TokenCredential = {
      getToken: async () => {
        throw new Error('endpoints_resolution_error');
      },
    };
    const send = (c: TokenCredential) => createGraphTransport({ baseUrl: 'https://graph.example/v1.0', credential: c })({ method: 'GET', path: '/users' });
    await expect(send(refusing)).rejects.toMatchObject({ status: 401, code: 'token_refused', transient: false });
    await expect(send(down)).rejects.toMatchObject({ code: 'token_unavailable', transient: true });
  });
});

describe('Retry-After and OData literals', () => {
  it('parses delta-seconds (fractional) and HTTP-dates', () => {
    expect(parseRetryAfter('10')).toBe(10_000);
    expect(parseRetryAfter('2.128')).toBe(2128);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('2026-10-21T07:28:00Z'))).toBe(5000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('doubles quotes, so a literal cannot be closed from inside', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
    expect(odataString("x' or givenName eq 'Ana")).toBe("'x'' or givenName eq ''Ana'");
  });

  it('classifies write conflicts as transient and other 4xx as permanent', () => {
    expect(new GraphError({ status: 409, code: 'Directory_ConcurrencyViolation', message: '' }).transient).toBe(true);
    expect(new GraphError({ status: 403, code: 'Authorization_RequestDenied', message: '' }).transient).toBe(false);
  });
});
