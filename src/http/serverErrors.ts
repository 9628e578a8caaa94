/**
 * Problem+json answers (RFC 9457) for the requests Node's HTTP parser refuses before express sees
 * them: a malformed request line or header, headers over `--max-http-header-size` (16 KiB by
 * default), a request not received within `requestTimeout`, or an `Expect` other than
 * `100-continue`; and a CONNECT, which Node hands to its own event. Without these handlers Node writes a bare status line with no body, and a
 * client has no stable `code` to branch on.
 */
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type AppError, errors } from '../errors';
import type { Logger } from '../logger';

/** Installs the `clientError` and `checkExpectation` handlers on a server that serves the app. */
export function handleServerErrors(server: Server, logger: Logger): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    logger.debug({ parserError: err.code }, 'request refused by the HTTP parser');
    answerOnSocket(socket, problemFor(err.code), err.code);
  });
  // CONNECT (a proxy tunnel) goes to its own event, and without a listener Node just hangs up.
  // Nothing here tunnels: answer like any path no route serves.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => answerOnSocket(socket, errors.notFound()));
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    // RFC 9110 §10.1.1: a server that receives an Expect other than 100-continue MAY answer 417.
    const problem = errors.expectationFailed();
    const body = problemJson(problem);
    res.writeHead(problem.status, { ...problemHeaders(body), Connection: 'close' });
    res.end(body);
  });
}

/** Node's parser error codes (llhttp `HPE_*`, and Node's own) → our problem; anything else is malformed. */
function problemFor(code: string | undefined): AppError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return errors.headersTooLarge(); // RFC 6585 §5, 431
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return errors.bodyTooLarge(); // what Node itself answers: 413
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return errors.requestTimeout(); // RFC 9110 §15.5.9, 408
    default:
      return errors.malformedHttp();
  }
}

/**
 * There is no request or response object here: the answer is written to the socket as is. Node's
 * own guard (lib/_http_server.js socketOnError) is kept: nothing is written to a socket that is
 * reset or closed, or where the answer to an earlier request has begun, as that would corrupt it.
 */
function answerOnSocket(socket: Duplex, problem: AppError, code?: string): void {
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const body = problemJson(problem);
  const head = Object.entries({ ...problemHeaders(body), Connection: 'close' })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const response = `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n${head}\r\n${body}`;
  // Destroyed once flushed: the parser is stuck after its error, and the client may still be sending.
  socket.end(response, () => socket.destroy());
}

/** The same document http/problem.ts `sendProblem` writes. */
function problemJson(err: AppError): string {
  return JSON.stringify({ type: `/problems/${err.code}`, title: err.message, status: err.status, code: err.code });
}

function problemHeaders(body: string): Record<string, string> {
  return {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}
