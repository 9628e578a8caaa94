import sharp from 'sharp';
import { inspectImage } from '../../src/evidence/inspectImage';
import { decryptEvidence, encryptEvidence } from '../../src/evidence/cipher';
import { randomBytes } from 'node:crypto';

const png = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#7a4' } })
    .png()
    .toBuffer();

describe('evidence inspection', () => {
  it('accepts a real image and strips its metadata', async () => {
    const withExif = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#345' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'GPS-SECRET-MARKER' } } })
      .toBuffer();
    expect(withExif.includes(Buffer.from('GPS-SECRET-MARKER'))).toBe(true);
    const clean = await inspectImage('selfie', withExif, 200);
    expect(clean.bytes.includes(Buffer.from('GPS-SECRET-MARKER'))).toBe(false);
    expect((await sharp(clean.bytes).metadata()).exif).toBeUndefined();
  });

  it.each([
    ['an empty file', async () => Buffer.alloc(0), 'evidence.empty_file'],
    ['text pretending to be an image', async () => Buffer.from('hello, I am a jpeg'), 'evidence.not_an_image'],
    ['a truncated PNG', async () => (await png(300, 300)).subarray(0, 60), 'evidence.undecodable'],
    ['a too-small image', async () => png(120, 400), 'evidence.too_small'],
  ])('rejects %s', async (_name, make, code) => {
    await expect(inspectImage('selfie', await make(), 200)).rejects.toMatchObject({ code });
  });
});

describe('evidence encryption', () => {
  const key = randomBytes(32);
  it('round-trips and hides the plaintext', () => {
    const plain = Buffer.from('a very recognisable face');
    const sealed = encryptEvidence(key, 'k/1', plain);
    expect(sealed.includes(plain)).toBe(false);
    expect(decryptEvidence(key, 'k/1', sealed)).toEqual(plain);
  });
  it('refuses a ciphertext moved under another object key, or tampered', () => {
    const sealed = encryptEvidence(key, 'k/1', Buffer.from('x'.repeat(40)));
    expect(() => decryptEvidence(key, 'k/2', sealed)).toThrow();
    sealed[20] = (sealed[20] ?? 0) ^ 1;
    expect(() => decryptEvidence(key, 'k/1', sealed)).toThrow();
  });
});
