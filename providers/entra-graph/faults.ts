/**
 * Injected failures: the next matching request(s) get a 429 (Graph's TooManyRequests body, with
 * `Retry-After` in seconds, possibly fractional such as `2.128`), a 503 or a 504, and are not
 * processed. Patterns are matched against the path and query of the request.
 * https://learn.microsoft.com/en-us/graph/throttling
 */
import type { NextFunction, Request, Response } from 'express';
import { errorBody, sendGraph } from './graphResponse';
import type { FaultSpec } from './types';

interface Pending {
  pattern: RegExp;
  spec: FaultSpec;
  remaining: number;
}

const BODIES = {
  503: { code: 'serviceNotAvailable', message: 'Service unavailable. Please try again later.' },
  504: { code: 'timeout', message: 'The operation timed out.' },
} as const;

export class FaultQueue {
  private pending: Pending[] = [];

  add(pattern: RegExp | string, spec: FaultSpec): void {
    const regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
    this.pending.push({ pattern: regex, spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  middleware(now: () => number) {
    return (req: Request, res: Response, next: NextFunction): void => {
      const hit = this.pending.find((p) => p.pattern.test(req.originalUrl));
      if (!hit) return next();
      hit.remaining -= 1;
      if (hit.remaining <= 0) this.pending = this.pending.filter((p) => p !== hit);
      const { status, retryAfter } = hit.spec;
      if (retryAfter !== undefined) res.set('Retry-After', retryAfter);
      if (status === 429) return sendGraph(res, 429, throttledBody(res, now()));
      sendGraph(res, status, errorBody(res, now(), BODIES[status].code, BODIES[status].message));
    };
  }
}

/** Graph's throttling body carries the status inside innerError too. */
function throttledBody(res: Response, now: number): unknown {
  const { error } = errorBody(res, now, 'TooManyRequests', 'Please retry again later.') as { error: { innerError: object } };
  return {
    error: {
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      innerError: { ...error.innerError, code: '429', message: 'Please retry after', status: '429' },
    },
  };
}
