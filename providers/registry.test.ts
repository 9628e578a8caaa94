import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configFromEnv, configToEnv } from './envConfig';
import { ProvidersConfigSchema, createProvider, defaultProviderName, descriptors, providerNames } from './registry';
import * as vendors from './vendors';

describe('ProvidersConfigSchema / createProvider', () => {
  it('applies documented defaults', () => {
    const config = ProvidersConfigSchema.parse({
      idemia: { baseUrl: 'https://ipv.example/gips/v1', apiKey: 'k' },
      lexisnexis: { baseUrl: 'https://trueid.example', accountId: 'a', username: 'u', password: 'p' },
    });
    expect(config.idemia).toMatchObject({ timeoutMs: 10_000 });
    expect(config.lexisnexis).toMatchObject({ timeoutMs: 30_000, mode: 'production', workflow: 'trueid.liveness.workflow' });
    expect(createProvider('idemia', config as Record<string, Record<string, unknown>>).name).toBe('idemia');
  });

  it('rejects bad config at boot and refuses an unconfigured or unknown vendor', () => {
    expect(ProvidersConfigSchema.safeParse({ idemia: { baseUrl: 'not a url', apiKey: 'k' } }).success).toBe(false);
    for (const name of ['au10tix', 'nosuchvendor']) {
      expect(() => createProvider(name, {})).toThrow(expect.objectContaining({ code: 'idv.provider_not_configured', transient: false }));
    }
  });
});

describe('the registry', () => {
  it('is vendors.ts: one export per vendor, named as the vendor, names unique, the default registered', () => {
    expect(Object.keys(vendors).sort()).toEqual([...providerNames].sort());
    for (const [exported, d] of Object.entries(vendors)) expect(d.name).toBe(exported);
    expect(new Set(providerNames).size).toBe(providerNames.length);
    expect(providerNames).toContain(defaultProviderName);
  });

  it('reads each vendor from its own environment variables and writes them back', () => {
    for (const d of descriptors) {
      expect(configFromEnv(d, {})).toBeUndefined();
      const env = Object.fromEntries(d.env.filter((v) => v.type !== 'file').map((v) => [v.name, v.type === 'number' ? '1234' : `value-of-${v.name}`]));
      const block = configFromEnv(d, env)!;
      expect(configToEnv(d, block)).toEqual(env);
    }
  });

  it('a file variable fills its key unless an earlier variable did', () => {
    const d = descriptors.find((x) => x.env.some((v) => v.type === 'file'));
    if (!d) return;
    const file = d.env.find((v) => v.type === 'file')!;
    const first = d.env[0]!;
    const read = (p: string) => `content of ${p}`;
    expect(configFromEnv(d, { [first.name]: 'x', [file.name]: '/k.pem' }, read)?.[file.key]).toBe('content of /k.pem');
    const inline = d.env.find((v) => v.key === file.key && v.type !== 'file');
    if (inline) expect(configFromEnv(d, { [first.name]: 'x', [inline.name]: 'inline', [file.name]: '/k.pem' }, read)?.[file.key]).toBe('inline');
  });

  it('.env.example names no vendor variable that no descriptor declares', () => {
    const text = readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
    const declared = new Set(descriptors.flatMap((d) => d.env.map((v) => v.name)));
    const prefixes = descriptors.map((d) => `${d.name.toUpperCase()}_`);
    const named = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!).filter((n) => prefixes.some((p) => n.startsWith(p)));
    expect(named.filter((n) => !declared.has(n))).toEqual([]);
  });
});
