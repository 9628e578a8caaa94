import { ProvidersConfigSchema, createProvider } from './registry';

describe('ProvidersConfigSchema / createProvider', () => {
  it('applies documented defaults', () => {
    const config = ProvidersConfigSchema.parse({
      idemia: { baseUrl: 'https://ipv.example/gips/v1', apiKey: 'k' },
      lexisnexis: { baseUrl: 'https://trueid.example', accountId: 'a', username: 'u', password: 'p' },
    });
    expect(config.idemia).toMatchObject({ timeoutMs: 10_000, pollIntervalMs: 1_000 });
    expect(config.lexisnexis).toMatchObject({ timeoutMs: 30_000, mode: 'production', workflow: 'trueid.liveness.workflow' });
    expect(createProvider('idemia', config).name).toBe('idemia');
  });

  it('rejects bad config at boot and refuses an unconfigured vendor', () => {
    expect(ProvidersConfigSchema.safeParse({ idemia: { baseUrl: 'not a url', apiKey: 'k' } }).success).toBe(false);
    expect(() => createProvider('au10tix', ProvidersConfigSchema.parse({}))).toThrow(
      expect.objectContaining({ code: 'idv.provider_not_configured', transient: false }),
    );
  });
});
