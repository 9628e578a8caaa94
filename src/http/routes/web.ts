/**
 * The web journey's static files: the pages (src/web/public, served as-is, `/recover` →
 * recover.html) and the browser bundles built by scripts/build-web.js into dist/web. These are
 * static middleware, not API routes, so they are not in openapi.yaml. Pages load no inline script,
 * so the strict Content-Security-Policy of the security headers applies unchanged.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import type { AppContext } from '../../context';

/** The repository root: the first folder above this file holding package.json (from src/ or dist/src/). */
export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const webPaths = {
  pages: () => path.join(packageRoot(), 'src', 'web', 'public'),
  bundles: () => path.join(packageRoot(), 'dist', 'web'),
};

/** Only paths are computed here: route factories may read nothing but `ctx.config` while the app is built. */
export function webRoutes(_ctx: AppContext): Router {
  const router = Router();
  // Pages revalidate on every load so a deployment never serves a page with a stale script.
  const noCache = (res: express.Response) => res.setHeader('Cache-Control', 'no-cache');
  router.use('/assets/js', express.static(webPaths.bundles(), { index: false, fallthrough: true, setHeaders: noCache }));
  router.use(express.static(webPaths.pages(), { extensions: ['html'], index: ['index.html'], redirect: false, setHeaders: noCache }));
  return router;
}
