/**
 * zod at the edge: request parts are parsed before a handler sees them, and responses are parsed
 * before they are sent, so an undeclared field (an S3 key, a vendor payload) can never leak.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { errors } from '../errors';

export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
    throw errors.validation(`Invalid ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}

/**
 * Not `res.json()`: express turns a GET's 2xx into a body-less 304 when the request says
 * `If-None-Match: *` (fresh()), which would swallow a response that exists once (the access pass).
 */
export function send<T extends z.ZodType>(res: Response, status: number, schema: T, body: z.input<T>): void {
  res
    .status(status)
    .type('application/json')
    .end(JSON.stringify(schema.parse(body)));
}

/** `Authorization: Bearer <value>`, or null. */
export function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header.trim());
  return match?.[1] ?? null;
}

/** Requires a JSON body on routes that take one (415 otherwise). */
export function requireJson(req: Request): void {
  if (!req.is('application/json')) throw errors.unsupportedMedia('application/json');
}
