/**
 * The access pass prepared while the vendor works (src/recovery/accessPassCandidate.ts): showing
 * it stores exactly the prepared hash, the code redeems, the candidate is gone in the same write,
 * and a candidate made under another key or length is ignored in favour of minting on the spot.
 */
import { randomBytes } from 'node:crypto';
import { ACCESS_PASS_ALPHABET, accessPassMatches, deriveAccessPass } from '../src/policies/accessPass';
import { prepareAccessPass } from '../src/recovery/accessPassCandidate';
import { advance } from '../src/recovery/advance';
import { readStatus } from '../src/recovery/readStatus';
import { loadStatusSource } from '../src/recovery/statusSource';
import { startRecovery } from '../src/recovery/startRecovery';
import { createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { loadIdentity } from './fixtures/identities';

describe('deriveAccessPass', () => {
  it('is a function of key and nonce only, uses the whole alphabet, and any length up to 48', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(16);
    expect(deriveAccessPass(key, nonce, 12)).toBe(deriveAccessPass(key, nonce, 12));
    expect(deriveAccessPass(randomBytes(32), nonce, 12)).not.toBe(deriveAccessPass(key, nonce, 12));
    expect(deriveAccessPass(key, nonce, 48)).toHaveLength(48);
    expect(deriveAccessPass(key, nonce, 48).startsWith(deriveAccessPass(key, nonce, 12))).toBe(true);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) for (const c of deriveAccessPass(key, randomBytes(16), 12)) seen.add(c);
    expect([...seen].sort().join('')).toBe([...ACCESS_PASS_ALPHABET].sort().join(''));
  });
});

describe('prepared access pass', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ workers: false });
    await seedDirectory(h);
  });
  afterEach(async () => h.close());

  async function approved(): Promise<string> {
    const { id } = await startRecovery(h.ctx, { username: 'ben.okafor' }, '127.0.0.1');
    await advance(h.ctx, id, { type: 'EVIDENCE_SUBMITTED' }, 'claimant');
    return id;
  }

  it('is shown once, stored only as the prepared hash, and its candidate is deleted with the reveal', async () => {
    const id = await approved();
    await prepareAccessPass(h.ctx, id);
    const candidateKey = h.keys.accessPassCandidate(id);
    const candidate = JSON.parse((await h.redis.get(candidateKey))!) as Record<string, unknown>;
    expect(Object.keys(candidate).sort()).toEqual(['hash', 'keyId', 'length', 'nonce', 'salt']); // never the code
    await prepareAccessPass(h.ctx, id); // a redelivered job does not replace it
    expect(JSON.parse((await h.redis.get(candidateKey))!)).toEqual(candidate);

    await advance(h.ctx, id, { type: 'VERIFICATION_APPROVED', attempt: 1 }, 'worker');
    const shown = await readStatus(h.ctx, (await loadStatusSource(h.ctx, id))!);
    const code = shown.accessPass!.code;
    const stored = (await h.ctx.accessPasses.get('ben.okafor'))!;
    expect(stored.hash).toBe(candidate.hash);
    expect(await accessPassMatches(code, stored.salt, stored.hash)).toBe(true);
    expect(await h.redis.exists(candidateKey)).toBe(0);
    expect((await readStatus(h.ctx, (await loadStatusSource(h.ctx, id))!)).accessPass).toBeUndefined();
    expect((await h.ctx.accessPasses.redeem('ben.okafor', code, h.ctx.clock.now())).ok).toBe(true);
  });

  it('is minted on the spot when the candidate was made under another key', async () => {
    const id = await approved();
    await prepareAccessPass(h.ctx, id);
    const candidate = JSON.parse((await h.redis.get(h.keys.accessPassCandidate(id)))!) as { hash: string };
    h.ctx.accessPassKey = randomBytes(32); // e.g. an embedded start that generated a new master key
    await advance(h.ctx, id, { type: 'VERIFICATION_APPROVED', attempt: 1 }, 'worker');
    const code = (await readStatus(h.ctx, (await loadStatusSource(h.ctx, id))!)).accessPass!.code;
    const stored = (await h.ctx.accessPasses.get('ben.okafor'))!;
    expect(stored.hash).not.toBe(candidate.hash);
    expect(await accessPassMatches(code, stored.salt, stored.hash)).toBe(true);
  });

  it('is minted on the spot when none was prepared, and concurrent first reads show it exactly once', async () => {
    const id = await approved();
    await advance(h.ctx, id, { type: 'VERIFICATION_APPROVED', attempt: 1 }, 'worker');
    const source = (await loadStatusSource(h.ctx, id))!;
    const views = await Promise.all(Array.from({ length: 5 }, () => readStatus(h.ctx, source)));
    const codes = views.map((v) => v.accessPass?.code).filter(Boolean);
    expect(codes).toHaveLength(1);
    const stored = (await h.ctx.accessPasses.get('ben.okafor'))!;
    expect(await accessPassMatches(codes[0]!, stored.salt, stored.hash)).toBe(true);
  });
});

describe('prepared by the verification worker', () => {
  let h: Harness;
  beforeAll(async () => {
    // The vendor is still deciding when the job first asks, as a real one would be.
    h = await createHarness({ vendorDelayMs: 1500 });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('while the vendor works, so the approved claimant is shown the prepared pass', async () => {
    const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    const raw = await h.redis.get(h.keys.accessPassCandidate(id));
    expect(raw).not.toBeNull();
    const candidate = JSON.parse(raw!) as { hash: string };
    const shown = await status(h, id, token).expect(200);
    const stored = (await h.ctx.accessPasses.get('ben.okafor'))!;
    expect(stored.hash).toBe(candidate.hash);
    expect(await accessPassMatches(shown.body.accessPass.code as string, stored.salt, stored.hash)).toBe(true);
    expect(await h.redis.exists(h.keys.accessPassCandidate(id))).toBe(0);
  });
});
