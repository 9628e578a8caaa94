/**
 * Reads the recovery profiles file at start-up (RECOVERY_PROFILES_FILE). A bad file stops the
 * process with the problem named, like a bad environment: a typo in a Tier-0 profile must never
 * silently leave its admins under the laxer default.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { RecoveryProfileFileSchema, type RecoveryProfile } from './profileSchema';

export function loadRecoveryProfiles(file: string, cwd = process.cwd()): RecoveryProfile[] {
  const resolved = path.resolve(cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (err) {
    throw new ConfigError(`RECOVERY_PROFILES_FILE ${resolved}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = RecoveryProfileFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`RECOVERY_PROFILES_FILE ${resolved} is invalid:\n${lines.join('\n')}`);
  }
  return Object.entries(parsed.data.profiles).map(([name, body]) => ({ name, ...body }));
}
