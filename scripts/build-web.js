#!/usr/bin/env node
/**
 * Bundles the browser scripts of the web journey (src/web/browser/<page>.ts, with
 * @simplewebauthn/browser) into dist/web/<page>.js with esbuild: one IIFE per page, no inline code,
 * so a strict CSP (`script-src 'self'`) works. Run by `npm run build`; tests call it too.
 */
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const pages = ['recover', 'enroll', 'helpdesk', 'review', 'admin', 'signIn'];

async function buildWeb() {
  await esbuild.build({
    entryPoints: pages.map((page) => path.join(root, 'src', 'web', 'browser', `${page}.ts`)),
    outdir: path.join(root, 'dist', 'web'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    sourcemap: true,
    minify: true,
    logLevel: 'warning',
  });
}

module.exports = { buildWeb };

if (require.main === module) {
  buildWeb().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
