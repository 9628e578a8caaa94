/**
 * The IDV vendors' variables: each registered vendor's, as its descriptor lists them
 * (providers/<vendor>/descriptor.ts; `npm run provider-env` prints them), and the mock vendors'.
 * They are part of the one schema like every other variable; `vendorBlocks` then builds each
 * configured vendor's block and checks it with the vendor's own schema, naming the variable (not
 * the block's key) in every error.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { descriptors, type ProvidersConfig } from '../../providers/registry';
import { configFromEnv } from '../../providers/envConfig';
import { MockVendorEnv } from '../../providers/mock-kit/mockEnv';

/**
 * Every descriptor variable, as an optional string: its vendor's schema checks the value. Typed as
 * no keys (the names are only known at run time), so the config type gains no index signature.
 */
const vendorVariables = Object.fromEntries(descriptors.flatMap((d) => d.env.map((v) => [v.name, z.string().optional()] as const))) as object;

export const VendorEnv = MockVendorEnv.extend(vendorVariables);

/**
 * The configured vendors' blocks (a vendor is configured when its first variable is set), or the
 * problems, one line per variable. An empty result means no vendor is configured.
 */
export function vendorBlocks(env: Record<string, unknown>): { vendors: ProvidersConfig; issues: string[] } {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const vendors: ProvidersConfig = {};
  const issues: string[] = [];
  for (const descriptor of descriptors) {
    const readFile = (file: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch (err) {
        const variable = descriptor.env.find((v) => v.type === 'file' && raw[v.name] === file)?.name ?? descriptor.name;
        throw new VariableError(variable, `cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    };
    let block: Record<string, unknown> | undefined;
    try {
      block = configFromEnv(descriptor, raw, readFile);
    } catch (err) {
      if (!(err instanceof VariableError)) throw err;
      issues.push(`  ${err.variable}: ${err.message}`);
      continue;
    }
    if (!block) continue;
    const parsed = descriptor.configSchema.safeParse(block);
    if (parsed.success) {
      vendors[descriptor.name] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const named = descriptor.env.filter((v) => v.key === key).map((v) => v.name);
      const variable = named.length > 0 ? named.join(' or ') : `${descriptor.name.toUpperCase()}_* (${issue.path.join('.')})`;
      issues.push(`  ${variable}: ${issue.message}`);
    }
  }
  return { vendors, issues };
}

class VariableError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}
