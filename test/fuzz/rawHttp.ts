/**
 * HTTP/1.1 over a bare socket, so a request can be exactly as broken as the fuzzer wants: raw
 * bytes in the target and headers, duplicate headers, a Content-Length that lies. One connection
 * per request (`Connection: close`); interim 1xx answers are skipped.
 */
import net from 'node:net';

export interface RawRequest {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  /** Content-Length to declare when it should not be the body's length (the body is then cut short). */
  declaredLength?: number;
  /** The request line's protocol; default HTTP/1.1. */
  version?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
export type RawOutcome = { response: RawResponse } | { response: null; error: string };

export async function sendRaw(port: number, req: RawRequest, timeoutMs = 10_000): Promise<RawOutcome> {
  const hasHeader = (n: string) => req.headers.some(([k]) => k.toLowerCase() === n);
  const lines = [`${req.method} ${req.target} ${req.version ?? 'HTTP/1.1'}`];
  if (!hasHeader('host')) lines.push(`Host: 127.0.0.1:${port}`);
  lines.push('Connection: close');
  for (const [k, v] of req.headers) lines.push(`${k}: ${v}`);
  if (req.body && !hasHeader('content-length') && !hasHeader('transfer-encoding')) {
    lines.push(`Content-Length: ${req.declaredLength ?? req.body.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ response: null, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const tryParse = (final: boolean) => {
      const parsed = parse(Buffer.concat(chunks), final, req.method.toUpperCase() === 'HEAD');
      if (parsed) finish({ response: parsed });
      else if (final) finish({ response: null, error: chunks.length ? 'unparseable answer' : 'closed without an answer' });
    };
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('close', () => tryParse(true));
    socket.on('error', () => undefined); // EPIPE/ECONNRESET after an early answer: the answer still counts
    socket.write(head);
    if (req.body) socket.write(req.body);
    // A body shorter than declared: give the server a moment to answer early, then half-close.
    if (req.declaredLength !== undefined)
      setTimeout(() => {
        if (!settled) socket.end();
      }, 50);
  });
}

/** One complete response (Content-Length or chunked), skipping 1xx; null while incomplete. */
function parse(buf: Buffer, final: boolean, head: boolean): RawResponse | null {
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) return null;
    const [statusLine = '', ...rest] = buf.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    if (Number.isNaN(status)) return null;
    const headers: Record<string, string> = {};
    for (const line of rest) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    at = end + 4;
    if (status >= 100 && status < 200) continue;
    const body = buf.subarray(at);
    if (head || status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
    // A stream that never ends by design: its head is the answer.
    if (headers['content-type']?.startsWith('text/event-stream')) return { status, headers, body };
    if (headers['transfer-encoding']?.includes('chunked'))
      return final || /\r\n0\r\n\r\n$/.test(body.toString('latin1')) ? { status, headers, body: unchunk(body) } : null;
    const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
    if (length !== null) return body.length >= length ? { status, headers, body: body.subarray(0, length) } : null;
    return final ? { status, headers, body } : null;
  }
}

function unchunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    const eol = buf.indexOf('\r\n', at);
    const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
