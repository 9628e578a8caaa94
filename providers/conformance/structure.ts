/**
 * Structural checks of one descriptor: what the scaffold (`npm run new-provider`) must produce
 * before any of the vendor's own API is written. Nothing here depends on the vendor's name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROVIDER_NAME_PATTERN } from '../contract';
import type { ProviderDescriptor } from '../descriptor';
import * as vendors from '../vendors';

export function structuralChecks(d: ProviderDescriptor): void {
  it('has a valid name, registered in providers/vendors.ts under that name, in a folder of that name', () => {
    expect(d.name).toMatch(PROVIDER_NAME_PATTERN);
    expect((vendors as Record<string, unknown>)[d.name]).toBe(d);
    expect(existsSync(path.join(__dirname, '..', d.name, 'descriptor.ts'))).toBe(true);
  });

  it('lists environment variables under its own prefix, each filling a key of its configuration schema', () => {
    expect(d.env.length).toBeGreaterThan(0);
    const keys = Object.keys(d.configSchema.shape);
    for (const variable of d.env) {
      expect(variable.name).toMatch(new RegExp(`^${d.name.toUpperCase()}_[A-Z0-9_]+$`));
      expect(keys).toContain(variable.key);
      expect(variable.doc.length).toBeGreaterThan(0);
    }
    // Every required key can be filled from the environment.
    const required = keys.filter((key) => !d.configSchema.shape[key]?.safeParse(undefined).success);
    expect(required.filter((key) => !d.env.some((v) => v.key === key))).toEqual([]);
  });

  it('declares consistent capabilities', () => {
    const c = d.capabilities;
    if (c.webhook === 'none') {
      expect(c.webhookReplay).toBeUndefined();
      expect(d.conformance.webhook).toBeUndefined();
    } else {
      expect(['timestamp', 'delivery_id']).toContain(c.webhookReplay);
      expect(d.conformance.webhook).toBeDefined();
    }
    // An account-wide webhook is verified with a secret from the configuration, which must come from the environment.
    if (c.webhook === 'account') expect(d.env.length).toBeGreaterThan(1);
  });
}
