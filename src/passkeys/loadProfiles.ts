/**
 * Reads the passkey profiles file at start-up. A bad file stops the process with the problem named
 * (like the environment), so a typo in a Tier-0 allow list never silently loosens the policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { ProfileFileSchema, type PasskeyProfile } from './profileSchema';

export function loadPasskeyProfiles(file: string, cwd = process.cwd()): PasskeyProfile[] {
  const resolved = path.resolve(cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (err) {
    throw new ConfigError(`PASSKEY_PROFILES_FILE ${resolved}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = ProfileFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`PASSKEY_PROFILES_FILE ${resolved} is invalid:\n${lines.join('\n')}`);
  }
  return Object.entries(parsed.data.profiles).map(([name, body]) => ({ name, ...body }));
}
