/**
 * Reads CLAIM_HOOKS_FILE at start-up. A bad file, or a secret variable that is unset or short,
 * stops the process with the problem named, so a typo never silently turns a check off.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { HookFileSchema, NO_CLAIM_HOOKS, type ClaimHook, type ClaimHookList } from './hookConfig';

/** HMAC-SHA256 keys shorter than the hash output weaken it (RFC 2104 §3: "less than L bytes is strongly discouraged"). */
const MIN_SECRET_LENGTH = 32;

export function loadClaimHooks(file: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ClaimHookList {
  if (!file) return NO_CLAIM_HOOKS;
  const resolved = path.resolve(cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (err) {
    throw new ConfigError(`CLAIM_HOOKS_FILE ${resolved}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = HookFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`CLAIM_HOOKS_FILE ${resolved} is invalid:\n${lines.join('\n')}`);
  }
  // The OAuth client secret is the token endpoint's to judge; the HMAC secret is ours.
  const secret = (name: string, where: string, min = 1): string => {
    const value = env[name];
    if (!value || value.length < min) {
      throw new ConfigError(`CLAIM_HOOKS_FILE ${resolved}: ${where} names ${name}, which must hold at least ${min} characters`);
    }
    return value;
  };
  const hooks = parsed.data.hooks.map((entry): ClaimHook => {
    const { secretEnv, oauth2, ...rest } = entry;
    return {
      ...rest,
      secret: secret(secretEnv, `hook ${entry.name}`, MIN_SECRET_LENGTH),
      ...(oauth2
        ? {
            oauth2: {
              tokenUrl: oauth2.tokenUrl,
              clientId: oauth2.clientId,
              clientSecret: secret(oauth2.clientSecretEnv, `hook ${entry.name} oauth2`),
              ...(oauth2.scope ? { scope: oauth2.scope } : {}),
            },
          }
        : {}),
    };
  });
  return { hooks, totalBudgetMs: parsed.data.totalBudgetMs };
}
