/**
 * Hostile input: property-based fuzzing of every operation in openapi.yaml, derived
 * from the spec at test time (a newly documented endpoint is fuzzed without touching this file),
 * against a real harness server (real Redis + S3) over raw HTTP. Every answer is judged by
 * ./oracle.ts; afterwards the service must still be healthy and a normal recovery must still work.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx jest test/fuzz/hostile-input.
 * FUZZ_RUNS sets the total number of cases (default 6000, spread evenly over the operations);
 * FUZZ_CONCURRENCY how many are in flight at once (default 4); FUZZ_COLLECT=1 lists every
 * distinct violation instead of stopping at the first.
 */
import fc from 'fast-check';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from '../support/harness';
import { seedDirectory } from '../support/journey';
import { signatureHeader } from '../../providers/au10tix/signature';
import { loadSpec } from './spec';
import { imageCorpus } from './images';
import { templateFor, type Context } from './requests';
import type { Wiring } from './materialize';
import { runCase } from './runCase';
import { FuzzState } from './state';
import { Tally } from './tally';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_311);
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 6000);
/** Requests in flight at once (each fast-check run is a batch of this many). */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
/** FUZZ_COLLECT=1: keep going after a violation and list every distinct one at the end (diagnosis). */
const COLLECT = process.env.FUZZ_COLLECT === '1';

describe('hostile input: every operation in openapi.yaml, fuzzed', () => {
  const spec = loadSpec();
  const tally = new Tally();
  let h: Harness;
  let port: number;
  let ctx: Context;
  let wiring: Wiring;

  // Every scheme whose description names its variable (`ADMIN_API_KEY`) gets a key: the harness's
  // own where it exports one, a generated one otherwise. A scheme naming none is the recovery's
  // bearer token, taken from a started recovery.
  const preset: Record<string, string> = { ADMIN_API_KEY: ADMIN_KEY, HELPDESK_API_KEY: HELPDESK_KEY };
  const keys: Record<string, string> = {};
  const keyEnv: Record<string, string> = {};
  for (const [scheme, { envVar }] of Object.entries(spec.securitySchemes)) {
    if (!envVar) continue;
    keys[scheme] = keyEnv[envVar] = preset[envVar] ?? `fuzz-${scheme}-0123456789abcdef`;
  }
  const sessionSchemes = Object.keys(spec.securitySchemes).filter((s) => !(s in keys));

  beforeAll(async () => {
    // API only: no workers (readiness must not wait for their heartbeat); rate limits would turn
    // most of the run into 429s and are tested elsewhere.
    h = await createHarness({
      workers: false,
      env: { ...keyEnv, EVIDENCE_MAX_BYTES: '600000', RATE_LIMITS_ENABLED: 'false', READYZ_REQUIRE_WORKERS: 'false' },
    });
    port = Number(new URL(h.baseUrl).port);
    await seedDirectory(h);
    const state = new FuzzState(port, { linkToken: ['link'] });
    for (const u of ['ben.okafor', 'ana.garcia', 'no.such.user']) state.remember('username', u);
    const secret = String(h.mocks.providersConfig.au10tix?.webhookSecret ?? 'unset-webhook-secret');
    ctx = {
      known: state.known,
      images: await imageCorpus(h.ctx.config.EVIDENCE_MIN_DIMENSION),
      jsonLimit: h.ctx.config.JSON_BODY_LIMIT_BYTES,
      binaryLimit: 64 * 1024,
      schemes: Object.keys(spec.securitySchemes),
      signed: ['x-au10tix-signature'],
      bodyHints: {
        // The callback body is opaque to the spec (raw bytes); give the signed path something to verify.
        receiveWebhook: fc
          .record({ eventId: fc.uuid(), requestId: fc.oneof(fc.uuid(), fc.constantFrom('r1', 'x')), status: fc.constantFrom('Completed', 'Pending') })
          .map((o) => Buffer.from(JSON.stringify(o))),
      },
    };
    wiring = {
      state,
      keys,
      sessionSchemes,
      signers: { 'x-au10tix-signature': (body) => signatureHeader(secret, Math.floor(h.ctx.clock.now() / 1000), body) },
      start: { path: '/v1/recoveries', body: { username: 'ben.okafor' } },
    };
  });
  afterAll(async () => {
    process.stdout.write(tally.report(SEED));
    await h?.close();
  });

  it(
    `answers ${TOTAL_RUNS}+ generated requests without a 5xx, each error a documented problem+json`,
    async () => {
      // TOTAL_RUNS spread evenly, at least 50 cases per operation.
      const batches = Math.ceil(Math.max(50, TOTAL_RUNS / spec.operations.length) / CONCURRENCY);
      for (const op of spec.operations) {
        const batch = fc.array(templateFor(op, ctx), { minLength: CONCURRENCY, maxLength: CONCURRENCY });
        await fc.assert(
          fc.asyncProperty(batch, async (templates) => {
            const results = await Promise.all(templates.map((t) => runCase(spec, port, wiring, tally, t)));
            for (const r of results.filter((x) => x.violations.length > 0)) {
              if (!COLLECT) throw new Error(`seed ${SEED}, ${op.id}: ${r.violations.join('; ')}\n  request: ${r.request}`);
              tally.violation(r.violations, r.request.slice(0, 400));
            }
          }),
          { seed: SEED, numRuns: batches, endOnFailure: true },
        );
      }
      expect(tally.violations).toEqual([]);
      expect(tally.total).toBeGreaterThanOrEqual(Math.min(5000, TOTAL_RUNS));
      // Prototype pollution would show here: the server runs in this process.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    Math.max(240_000, TOTAL_RUNS * 50),
  );

  it('is still healthy afterwards, and a normal recovery still starts and takes evidence', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
    const started = await fetch(`${h.baseUrl}/v1/recoveries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ben.okafor' }),
    });
    expect(started.status).toBe(201);
    const { id, token } = (await started.json()) as { id: string; token: string };
    const png = ctx.images.find((i) => i.name === 'png')?.bytes ?? Buffer.alloc(0);
    const form = new FormData();
    form.append('selfie', new Blob([new Uint8Array(png)], { type: 'image/png' }), 's.png');
    form.append('documentFront', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'f.png');
    form.append('consent', 'true');
    form.append('selfieSource', 'camera');
    const uploaded = await fetch(`${h.baseUrl}/v1/recoveries/${id}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(uploaded.status).toBe(202);
  });
});
