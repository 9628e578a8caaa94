/**
 * Rate-limit middleware for the endpoints an attacker would hammer (OWASP ASVS 5.0 §6.3.8 and
 * §6.6.3; Forgot Password Cheat Sheet: per account, so nobody floods an inbox). Every per-account
 * key is the username as typed (normalised, hashed), so a real and an unknown account cost the
 * same and get the same 429. Limits are read from `ctx` per request, never while routes are built.
 * 429 problem+json with `Retry-After`; see src/config/safety.ts for the defaults.
 */
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../context';
import { sha256Hex } from '../crypto/secrets';
import { accountKey, consumeLimits, type LimitCheck } from '../safety/consumeLimits';
import { clientNetwork } from '../safety/clientSource';

type Checks = (req: Request, locals: Record<string, unknown>) => LimitCheck[];

function limit(ctx: AppContext, checks: Checks): RequestHandler {
  return (req, res, next) => {
    consumeLimits(ctx, checks(req, res.locals)).then(() => next(), next);
  };
}

/** The client's network: an IPv4 address or an IPv6 /64 (IPV6_PREFIX_LENGTH), so one host cannot rotate addresses past a limit. */
export const clientOf = (req: Request, ipv6PrefixLength: number) => clientNetwork(req.ip ?? req.socket.remoteAddress ?? 'unknown', ipv6PrefixLength);
const field = (req: Request, name: string): string | null => {
  const body: unknown = req.body;
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : null;
};

/** POST /v1/recoveries: per client, under the deployment's ceiling; self-service per account (hourly and daily); link starts per link. */
export const limitRecoveryStart = (ctx: AppContext) =>
  limit(ctx, (req) => {
    const username = field(req, 'username');
    const linkToken = field(req, 'linkToken');
    return [
      ['startIp', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)],
      ['startGlobal', 'all'],
      ...(username
        ? ([
            ['startAccount', accountKey(username)],
            ['startAccountDay', accountKey(username)],
          ] as LimitCheck[])
        : []),
      ...(linkToken ? ([['startLink', sha256Hex(linkToken)]] as LimitCheck[]) : []),
    ];
  });

/** POST /v1/recoveries/:id/evidence, before the token is checked: per IP and per recovery. */
export const limitEvidence = (ctx: AppContext) =>
  limit(ctx, (req) => [
    ['evidenceIp', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)],
    ['evidenceRecovery', String(req.params.id ?? '').slice(0, 64)],
  ]);

/** After the recovery token is checked (res.locals.recovery): attempts per account per day. */
export const limitEvidencePerAccount = (ctx: AppContext) =>
  limit(ctx, (_req, locals) => {
    const recovery = locals.recovery as { meta: { username: string } } | undefined;
    return recovery ? [['evidenceAccountDay', accountKey(recovery.meta.username)]] : [];
  });

/** TAP redemption (POST /v1/enrollments, body `username`): per IP and per account. */
export const limitAccessPassRedemption = (ctx: AppContext) =>
  limit(ctx, (req) => {
    const username = field(req, 'username');
    return [['tapIp', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)], ...(username ? ([['tapAccount', accountKey(username)]] as LimitCheck[]) : [])];
  });

/** POST /v1/helpdesk/recovery-links, after the role check: per IP, per agent, per target account. */
export const limitLinkCreation = (ctx: AppContext) =>
  limit(ctx, (req, locals) => {
    const username = field(req, 'username');
    const agent = (locals.actor as { id?: string } | undefined)?.id ?? 'helpdesk';
    return [
      ['linksIp', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)],
      ['linksAgent', agent],
      ...(username ? ([['linksAccount', accountKey(username)]] as LimitCheck[]) : []),
    ];
  });

/** POST /repudiate: per IP and per token (guessing 256-bit tokens is futile, but not free). */
export const limitRepudiation = (ctx: AppContext) =>
  limit(ctx, (req) => {
    const token = field(req, 'token');
    return [['repudiateIp', clientOf(req, ctx.config.IPV6_PREFIX_LENGTH)], ...(token ? ([['repudiateToken', sha256Hex(token)]] as LimitCheck[]) : [])];
  });
