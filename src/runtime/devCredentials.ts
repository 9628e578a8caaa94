/**
 * With no ADMIN_API_KEY / HELPDESK_API_KEY / REVIEWER_API_KEY configured, the all-in-one start generates them and
 * writes them to a 0600 file instead of printing them: keys never go to logs or the terminal.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { newSecretToken } from '../crypto/secrets';

const CredentialsSchema = z.object({ adminApiKey: z.string(), helpdeskApiKey: z.string(), reviewerApiKey: z.string() });
export type DevCredentials = z.infer<typeof CredentialsSchema>;

export function loadOrCreateDevCredentials(dataDir: string): { file: string; credentials: DevCredentials } {
  const file = path.join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const parsed = CredentialsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { file, credentials: parsed.data };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const credentials = { adminApiKey: newSecretToken(), helpdeskApiKey: newSecretToken(), reviewerApiKey: newSecretToken() };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return { file, credentials };
}
