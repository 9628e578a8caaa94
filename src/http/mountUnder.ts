/**
 * Mounts a router only for the paths it serves. Express walks every router in order and, for
 * each, sets up a sub-stack and tests each of its routes; gating by path first lets a request skip
 * a router with one string test (docs/benchmarks.md, "Status reads": the router walk was ~10 % of
 * a status read). Routers keep their full paths, so a route and its URL still read the same.
 * Matching is case-insensitive, as Express's own routing is by default.
 */
import type { RequestHandler } from 'express';

export function mountUnder(prefixes: readonly string[], handler: RequestHandler): RequestHandler {
  const lower = prefixes.map((p) => p.toLowerCase());
  const gated: RequestHandler = (req, res, next) => {
    const path = req.path.toLowerCase();
    if (lower.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`))) return handler(req, res, next);
    next();
  };
  // The router's own stack stays visible to whatever reads the route table (the OpenAPI test).
  return Object.assign(gated, { stack: (handler as { stack?: unknown }).stack });
}
