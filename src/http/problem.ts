/**
 * RFC 9457 problem details with a stable `code`. Every error path ends here: known errors keep
 * their status; body-parser and multer errors are mapped to 4xx; anything else is a 500 whose
 * details stay in the log.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { DirectoryConfigError, DirectoryUnavailableError } from '../connectors/directory';
import { MulterError } from 'multer';
import { AppError, errors } from '../errors';
import type { Logger } from '../logger';

export function sendProblem(res: Response, err: AppError): void {
  if (err.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.extra.retryAfterSeconds));
  res
    .status(err.status)
    .type('application/problem+json')
    .json({
      type: `/problems/${err.code}`,
      title: err.message,
      status: err.status,
      code: err.code,
      ...(err.extra.errors ? { errors: err.extra.errors } : {}),
    });
}

function fromMulter(err: MulterError, maxBytes: number): AppError {
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return errors.evidenceTooLarge(maxBytes);
    case 'LIMIT_UNEXPECTED_FILE':
      return errors.evidenceUnexpectedPart(err.field ?? 'unknown');
    default:
      return new AppError('request.malformed_multipart', { message: `The multipart body was rejected (${err.code}).` });
  }
}

interface ParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  code?: unknown;
}

export function problemHandler(logger: Logger, maxEvidenceBytes: number): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    // Already answered in full (an upload cut off at its size limit): nothing left to say.
    if (res.headersSent && res.writableEnded) return logger.debug({ err: String(err), path: req.path }, 'error after the answer');
    // The client hung up mid-request (e.g. its own time-out during an upload): nobody to answer,
    // and nothing failed here. Without this, Express's last-resort handler prints the stack.
    if (req.socket.destroyed) return logger.debug({ err: String(err), path: req.path }, 'client went away');
    if (res.headersSent) return next(err);
    if (err instanceof AppError) return sendProblem(res, err);
    if (err instanceof MulterError) return sendProblem(res, fromMulter(err, maxEvidenceBytes));
    const parser = err as ParserError;
    if (parser.type === 'entity.parse.failed') return sendProblem(res, errors.malformedJson());
    // The app-wide JSON parser (no route matched yet) could not inflate a gzip/deflate/br body:
    // as malformed as bad JSON. On a route's own raw parser (the webhook) it stays request.invalid.
    if (!req.route && typeof parser.code === 'string' && parser.code.startsWith('Z_')) return sendProblem(res, errors.malformedJson());
    if (parser.type === 'entity.too.large') return sendProblem(res, errors.bodyTooLarge());
    if (parser.type === 'encoding.unsupported' || parser.type === 'charset.unsupported') {
      return sendProblem(res, new AppError('request.unsupported_encoding'));
    }
    if (err instanceof Error && /Unexpected end of form|Malformed part header|Multipart: Boundary not found/i.test(err.message)) {
      return sendProblem(res, new AppError('request.malformed_multipart'));
    }
    // Framework 4xx errors (e.g. a badly percent-encoded path) are the client's: keep the 4xx.
    if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
      return sendProblem(res, new AppError('request.invalid', { status: parser.status }));
    }
    if (err instanceof DirectoryUnavailableError || err instanceof DirectoryConfigError) {
      logger.warn({ code: err.code, err: err.message, path: req.path }, 'directory unreadable');
      // One answer for both: a caller learns nothing about the deployment's directory credentials.
      const retryAfterSeconds = Math.max(1, Math.ceil(('retryAfterMs' in err ? (err.retryAfterMs ?? 5000) : 5000) / 1000));
      return sendProblem(res, new AppError('directory.unavailable', { retryAfterSeconds }));
    }
    if (isStorageOutage(err)) return sendProblem(res, new AppError('service.unavailable', { retryAfterSeconds: 5 }));
    logger.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), path: req.path }, 'unhandled error');
    sendProblem(res, new AppError('internal'));
  };
}

/** Redis or S3 unreachable: a passing outage of ours, not a bug; the client should retry. */
function isStorageOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable/.test(err.message) ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT'
  );
}
