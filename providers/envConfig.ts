/**
 * Vendor configuration from the environment and back, from each descriptor's `env` list (so no
 * vendor's variables are parsed by hand), and the .env.example lines they document.
 */
import { readFileSync } from 'node:fs';
import type { ProviderDescriptor } from './descriptor';

type Env = Record<string, string | undefined>;

/** A vendor's block when its first variable is set, else undefined. Values stay raw: the schema validates them. */
export function configFromEnv(
  descriptor: ProviderDescriptor,
  env: Env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Record<string, unknown> | undefined {
  const [first] = descriptor.env;
  if (!first || !env[first.name]) return undefined;
  const block: Record<string, unknown> = {};
  for (const variable of descriptor.env) {
    const value = env[variable.name];
    if (!value || block[variable.key] !== undefined) continue; // empty means unset; an earlier variable wins
    block[variable.key] = variable.type === 'number' ? Number(value) : variable.type === 'file' ? readFile(value) : value;
  }
  return block;
}

/** The inverse, so a test or a launcher can hand a running set of vendors to another process. */
export function configToEnv(descriptor: ProviderDescriptor, block: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of descriptor.env) {
    const value = block[variable.key];
    if (variable.type === 'file' || value === undefined || value === null) continue;
    env[variable.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}

/** The vendor's .env.example section: a comment line per variable, then the variable. */
export function envExampleLines(descriptor: ProviderDescriptor): string[] {
  return [
    `# ---- ${descriptor.displayName} (providers/${descriptor.name}/descriptor.ts)`,
    ...descriptor.env.flatMap((v) => [`# ${v.doc}`, `${v.name}=${v.example ?? ''}`]),
  ];
}
