import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { identityNames, loadIdentity } from '../../test/fixtures/identities';
import { analyzeEvidence } from './analyzeEvidence';
import { encodeDataZone } from './dataZone';
import { FRONT_QR_RECT } from './documentTemplate';
import { FACE_SIMILARITY_THRESHOLD } from './face';
import { printQr } from './synthQr';

/** Fixed clock: every fixture but fatima-haddad's (expired 2024-01-31) is valid on this day. */
const NOW = new Date('2026-03-01T12:00:00Z');
const people = identityNames.filter((name) => name !== 'spoof-replay');

const evidence = (name: string) => {
  const id = loadIdentity(name);
  return { selfie: id.selfie, documentFront: id.documentFront, documentBack: id.documentBack };
};
const claimsOf = (name: string) => {
  const { username: _username, ...claims } = loadIdentity(name).claims;
  return claims;
};

describe('analyzeEvidence on the fixture identities', () => {
  it.each(identityNames)('%s: reads the exact printed claims from the data zone', async (name) => {
    const { document } = await analyzeEvidence(evidence(name), NOW);
    expect(document).toMatchObject({ readable: true, authentic: true, claims: claimsOf(name) });
  });

  it.each(people)('%s: the holder is live and matches the portrait', async (name) => {
    const { face, liveness } = await analyzeEvidence(evidence(name), NOW);
    expect(face).toMatchObject({ selfieFaceFound: true, portraitFound: true });
    expect(face.similarity).toBeGreaterThanOrEqual(FACE_SIMILARITY_THRESHOLD);
    expect(liveness).toEqual({ live: true, reason: null });
  });

  it('reports fatima-haddad (expired 2024-01-31) as expired, and nobody else', async () => {
    for (const name of identityNames) {
      const { document } = await analyzeEvidence(evidence(name), NOW);
      expect(document.expired).toBe(name === 'fatima-haddad');
      expect(document.issues.includes('expired')).toBe(name === 'fatima-haddad');
    }
  });

  it('treats a document as valid through its expiry date', async () => {
    const lastDay = new Date('2024-01-31T23:59:59Z');
    expect((await analyzeEvidence(evidence('fatima-haddad'), lastDay)).document.expired).toBe(false);
  });

  it('catches the re-photographed portrait as a replay', async () => {
    const { face, liveness } = await analyzeEvidence(evidence('spoof-replay'), NOW);
    expect(face.similarity).toBeGreaterThanOrEqual(FACE_SIMILARITY_THRESHOLD);
    expect(liveness).toEqual({ live: false, reason: 'portrait_replay' });
  });

  it("scores another person's selfie against a document low", async () => {
    const { face, liveness } = await analyzeEvidence(
      { selfie: loadIdentity('ben-okafor').selfie, documentFront: loadIdentity('ana-garcia').documentFront },
      NOW,
    );
    expect(face.similarity).toBeLessThan(FACE_SIMILARITY_THRESHOLD);
    expect(liveness.live).toBe(true);
  });
});

describe('analyzeEvidence on forged and odd images', () => {
  it('rejects a document whose data zone carries a wrong check digit', async () => {
    const fields = encodeDataZone(claimsOf('ana-garcia')).split('|');
    fields[4] = String((Number(fields[4]) + 1) % 10); // document-number check digit
    const forged = await printQr(loadIdentity('ana-garcia').documentFront, fields.join('|'), FRONT_QR_RECT);
    const { document } = await analyzeEvidence({ ...evidence('ana-garcia'), documentFront: forged }, NOW);
    expect(document).toMatchObject({ readable: true, authentic: false });
    expect(document.issues).toContain('check_digit_mismatch');
  });

  it('falls back to the back when the front data zone is unreadable', async () => {
    const { left, top, width, height } = FRONT_QR_RECT;
    const blank = { input: { create: { width, height, channels: 3 as const, background: '#ffffff' } }, left, top };
    const front = await sharp(loadIdentity('erik-lindqvist').documentFront).composite([blank]).png().toBuffer();
    const withBack = await analyzeEvidence({ ...evidence('erik-lindqvist'), documentFront: front }, NOW);
    expect(withBack.document).toMatchObject({ readable: true, authentic: true, claims: claimsOf('erik-lindqvist') });
    const selfie = evidence('erik-lindqvist').selfie;
    const frontOnly = await analyzeEvidence({ selfie, documentFront: front }, NOW);
    expect(frontOnly.document).toMatchObject({ readable: false, authentic: false, claims: null });
    expect(frontOnly.document.issues).toContain('unreadable_data_zone');
  });

  it('does not throw on a photo that is not a card, and reads nothing from it', async () => {
    const photo = await sharp(loadIdentity('chen-wei').selfie).resize(300, 300).jpeg().toBuffer();
    const result = await analyzeEvidence({ selfie: photo, documentFront: photo }, NOW);
    expect(result.document).toMatchObject({ readable: false, authentic: false, expired: false, claims: null });
    expect(result.document.issues).toEqual(expect.arrayContaining(['unreadable_data_zone', 'no_portrait']));
    expect(result.face.portraitFound).toBe(false);
  });

  it('reports no_face for a selfie without a face', async () => {
    const wall = await sharp({ create: { width: 480, height: 600, channels: 3, background: '#c8b8a0' } })
      .png()
      .toBuffer();
    const { face, liveness } = await analyzeEvidence({ ...evidence('dana-kowalski'), selfie: wall }, NOW);
    expect(face).toEqual({ similarity: 0, selfieFaceFound: false, portraitFound: true });
    expect(liveness).toEqual({ live: false, reason: 'no_face' });
  });

  it('throws only when an image cannot be decoded at all', async () => {
    const garbage = Buffer.from('not an image');
    await expect(analyzeEvidence({ ...evidence('ana-garcia'), selfie: garbage }, NOW)).rejects.toThrow();
  });
});

describe('engine hygiene', () => {
  it('never reaches the fixture generator or the roster (no list of known people)', () => {
    const seen = new Set<string>();
    const visit = (module: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      const source = readFileSync(join(__dirname, `${module}.ts`), 'utf8');
      for (const [, local] of source.matchAll(/from '\.\/([\w.]+)'/g)) visit(local!);
    };
    visit('analyzeEvidence');
    expect([...seen].filter((m) => m.startsWith('synth'))).toEqual([]);
    expect(seen.has('face') && seen.has('document')).toBe(true);
  });
});
