/**
 * The "this wasn't me" page behind the link in every owner notification. Opening the link (GET)
 * changes nothing, because mail scanners follow links (docs/references.md, "Product anchors": Kratos #1142); it shows a page
 * whose button POSTs the token back. Plain HTML, no script, no inline style: it passes the strict
 * CSP, and `Referrer-Policy: no-referrer` keeps the token out of any Referer.
 */
import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { repudiate, type RepudiationOutcome } from '../../safety/repudiate';
import { limitRepudiation } from '../rateLimit';
import { parseInput } from '../validate';
import { bodyLimit } from '../bodyLimit';

const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .setHeader('Cache-Control', 'no-store')
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<meta name="referrer" content="no-referrer"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`,
    );
}

const RESULT: Record<RepudiationOutcome, string> = {
  cancelled: 'The recovery was cancelled. Nobody can use it to get into your account. The help desk has been told.',
  revoked:
    'The passkey registered by that recovery was revoked and self-service recovery of your account is locked until the help desk has checked it. The help desk has been told.',
  recorded: 'That recovery had already ended without access to your account, so nothing had to be undone. The help desk has been told.',
};

export function repudiateRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/repudiate', (req, res) => {
    const token = Token.safeParse(req.query.token);
    if (!token.success) return page(res, 400, 'This link is not valid', '<p>Open the link exactly as it appears in the message.</p>');
    page(
      res,
      200,
      'Was this you?',
      [
        '<p>Someone started or completed a recovery of your account. If it was not you, press the button: a running recovery is cancelled;',
        'a completed one has its new passkey revoked and self-service recovery of your account is locked until the help desk has checked it.</p>',
        `<form method="post" action="repudiate"><input type="hidden" name="token" value="${escape(token.data)}">`,
        '<button type="submit">This wasn\'t me</button></form>',
      ].join(''),
    );
  });

  router.post(
    '/repudiate',
    bodyLimit(4096),
    express.urlencoded({ extended: false, limit: 4096, parameterLimit: 5 }),
    limitRepudiation(ctx),
    async (req, res) => {
      const { token } = parseInput(z.object({ token: Token }), req.body, 'body');
      const outcome = await repudiate(ctx, token);
      page(res, 200, 'Thank you', `<p>${escape(RESULT[outcome])}</p>`);
    },
  );

  // Errors on this page are shown as a page, not as problem+json: a person with a browser is reading.
  const asPage: ErrorRequestHandler = (err, _req, res, next) => {
    if (!(err instanceof AppError)) return next(err);
    if (err.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.extra.retryAfterSeconds));
    page(res, err.status, 'This link could not be used', `<p>${escape(err.message)}</p>`);
  };
  router.use('/repudiate', asPage);
  return router;
}
