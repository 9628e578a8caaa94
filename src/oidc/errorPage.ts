/**
 * The page a person's browser shows when an authorization request cannot go back to its relying
 * party: the client is unknown, or its redirect URI is not registered, so there is nowhere safe
 * to send the error (RFC 6749 §4.1.2.1: the server "SHOULD inform the resource owner of the error
 * and MUST NOT automatically redirect the user-agent to the invalid redirection URI"). It says what
 * happened in the service's own words and layout, never a stack or an internal message:
 * oidc-provider's `out` carries only the standard `error` and `error_description` (and for an
 * unexpected failure `server_error` with no detail). No script, no inline style: the same CSP as
 * every page.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

/** What oidc-provider hands to `renderError`: the standard error fields only. */
export interface OidcErrorOut {
  error: string;
  error_description?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** RFC 6749 error codes are `%x20-21 / %x23-5B / %x5D-7E`; anything else is shown as a generic failure. */
const ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

export function errorPage(out: OidcErrorOut): string {
  const code = ERROR_CODE.test(out.error) ? out.error : 'server_error';
  const description = out.error_description ? `<p>${escapeHtml(out.error_description.slice(0, 500))}</p>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Sign-in could not continue</title><link rel="stylesheet" href="/assets/app.css"></head>',
    '<body><main>',
    '<h1>Sign-in could not continue</h1>',
    '<p>The application that sent you here made a request this service cannot accept, so you cannot be sent back to it. Close this page and start again from the application; if it happens again, tell its administrators.</p>',
    description,
    `<p>Error code: <code>${escapeHtml(code)}</code></p>`,
    '</main></body></html>',
  ].join('\n');
}

/** oidc-provider's `renderError` hook. */
export function renderError(ctx: KoaContextWithOIDC, out: OidcErrorOut): void {
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = errorPage(out);
}
