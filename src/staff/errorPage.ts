/**
 * A readable page for a staff sign-in that went wrong in the browser (the sign-in and callback are
 * top-level navigations, so a JSON problem would be a page of code). No script; the same stable
 * `code` as the problem+json a non-browser client gets.
 */
import type { AppError } from '../errors';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function staffErrorPage(err: AppError, retryPath: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Sign-in problem · Account recovery</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><header><p class="brand">Account recovery · Staff</p></header>
<main id="main"><h1>We could not sign you in</h1>
<p class="alert" role="alert" id="sign-in-problem" data-code="${escape(err.code)}">${escape(err.message)}</p>
<p class="hint">Reference: <code>${escape(err.code)}</code></p>
<p><a class="button" href="${escape(retryPath)}">Back to the sign-in page</a></p>
</main></body></html>`;
}
