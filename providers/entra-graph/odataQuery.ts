/**
 * The OData query options the stand-in honours on directory collections: `$top` (1..999, default
 * 100), server-driven paging with an opaque `$skiptoken` in `@odata.nextLink`, `$count`, and the
 * "advanced query" switch (`ConsistencyLevel: eventual` and `$count=true`).
 * https://learn.microsoft.com/en-us/graph/paging
 * https://learn.microsoft.com/en-us/graph/aad-advanced-queries
 */
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { GraphProblem } from './graphResponse';

const MAX_TOP = 999;
const DEFAULT_TOP = 100;

export function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** Both advanced query parameters present. `$count=true` alone is silently ignored, as Graph does. */
export function isAdvancedQuery(req: Request): boolean {
  return req.get('ConsistencyLevel')?.toLowerCase() === 'eventual' && queryParam(req, '$count') === 'true';
}

export function requireAdvancedQuery(req: Request, what: string): void {
  if (isAdvancedQuery(req)) return;
  throw new GraphProblem(
    400,
    'Request_UnsupportedQuery',
    `${what} is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header.`,
  );
}

/** Skip tokens mean nothing outside this process: clients must follow nextLink, not compute it. */
export class Pager {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly maxPageSize: number) {}

  page<T>(req: Request, items: T[]): { value: T[]; nextLink?: string; count?: number } {
    if (req.query.$skip !== undefined) throw new GraphProblem(400, 'Request_BadRequest', "'$skip' is not supported by the service.");
    const top = parseTop(queryParam(req, '$top'));
    const token = queryParam(req, '$skiptoken');
    const offset = token === undefined ? 0 : this.offsets.get(token);
    if (offset === undefined)
      throw new GraphProblem(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
    const size = Math.min(top, this.maxPageSize);
    const value = items.slice(offset, offset + size);
    const count = isAdvancedQuery(req) ? items.length : undefined;
    if (offset + size >= items.length) return { value, count };
    const next = randomBytes(18).toString('base64url');
    this.offsets.set(next, offset + size);
    // The caller's own query, kept verbatim, plus the token: `…/users?$top=999&$skiptoken=…`.
    const [path, query = ''] = req.originalUrl.split('?');
    const kept = query.split('&').filter((p) => p !== '' && !/^(\$|%24)skiptoken=/i.test(p));
    const nextLink = `https://${req.get('host') ?? 'localhost'}${path}?${[...kept, `$skiptoken=${next}`].join('&')}`;
    return { value, count, nextLink };
  }
}

function parseTop(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TOP;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw new GraphProblem(400, 'Request_BadRequest', `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  }
  return top;
}

/** `$select=a,b` as a list, or null when absent. */
export function parseSelect(req: Request): string[] | null {
  const raw = queryParam(req, '$select');
  if (raw === undefined) return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
