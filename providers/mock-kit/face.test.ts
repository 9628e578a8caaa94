import sharp from 'sharp';
import { identityNames, loadIdentity, perturbSelfie, type Perturbation } from '../../test/fixtures/identities';
import { readCardFront } from './document';
import { compareFaces, faceFromImage, FACE_SIMILARITY_THRESHOLD } from './face';
import type { FaceDescriptor } from './faceDescriptor';

/** Required distance of every score from the threshold. */
const MARGIN = 0.05;

/** "Other phones": the range the engine promises to tolerate, corners included. */
const CAPTURES: Perturbation[] = [
  {},
  { cropFraction: 0.08, brightness: 0.75, jpegQuality: 60 },
  { cropFraction: 0.08, brightness: 1.3, jpegQuality: 60 },
  { cropFraction: 0.04, brightness: 1.0, jpegQuality: 75, scale: 0.6 },
  { cropFraction: 0.0, brightness: 1.3, jpegQuality: 90, scale: 1.25 },
  { cropFraction: 0.06, brightness: 0.8, jpegQuality: 95 },
];

/** The spoof's selfie is Ben's face (re-photographed); everyone else is only themselves. */
const personOf = (name: string) => (name === 'spoof-replay' ? 'ben-okafor' : name);

describe('face comparison from pixels', () => {
  const portraits = new Map<string, FaceDescriptor>();
  const selfies: { name: string; capture: number; face: FaceDescriptor | null }[] = [];

  beforeAll(async () => {
    for (const name of identityNames) {
      const { portrait } = await readCardFront(loadIdentity(name).documentFront);
      if (!portrait) throw new Error(`no portrait found on ${name}'s document`);
      portraits.set(name, portrait);
      for (const [capture, p] of CAPTURES.entries()) {
        // The replay selfie is the portrait edge to edge: a crop cuts its head (tested elsewhere).
        if (name === 'spoof-replay' && (p.cropFraction ?? 0) > 0) continue;
        const image = capture === 0 ? loadIdentity(name).selfie : await perturbSelfie(loadIdentity(name).selfie, p);
        selfies.push({ name, capture, face: await faceFromImage(image) });
      }
    }
  });

  it('finds a face in every fixture selfie and capture', () => {
    expect(selfies.filter((s) => !s.face).map((s) => `${s.name}#${s.capture}`)).toEqual([]);
  });

  it('separates same-person from different-person pairs with a margin around the threshold', () => {
    const same: number[] = [];
    const different: number[] = [];
    const rows: string[] = [];
    for (const s of selfies) {
      const scores = [...portraits].map(([name, portrait]) => {
        const { similarity } = compareFaces(s.face!, portrait);
        (personOf(name) === personOf(s.name) ? same : different).push(similarity);
        return similarity.toFixed(3);
      });
      rows.push(`${`${s.name}#${s.capture}`.padEnd(18)} ${scores.join(' ')}`);
    }
    // FACE_MATRIX=1 npx jest providers/mock-kit/face: print the matrix used to pick the threshold.
    if (process.env.FACE_MATRIX) console.log([...portraits.keys()].join(' '), '\n' + rows.join('\n'));
    expect(Math.min(...same)).toBeGreaterThanOrEqual(FACE_SIMILARITY_THRESHOLD + MARGIN);
    expect(Math.max(...different)).toBeLessThanOrEqual(FACE_SIMILARITY_THRESHOLD - MARGIN);
  });

  it.each([
    ['a flat colour', () => sharp({ create: { width: 480, height: 600, channels: 3, background: '#7a9cc6' } })],
    ['random noise', () => sharp(noise(320, 400), { raw: { width: 320, height: 400, channels: 3 } })],
    ['a landscape (sky over ground)', () => sharp(Buffer.from(landscapeSvg))],
  ])('finds no face in %s', async (_label, image) => {
    expect(await faceFromImage(await image().png().toBuffer())).toBeNull();
  });

  it('matches nobody when an object stands in front of a plain backdrop', async () => {
    // The locator does find a blob here (a tree against the sky); the comparison must reject it.
    const tree = await faceFromImage(await sharp(Buffer.from(treeSvg)).png().toBuffer());
    for (const portrait of portraits.values()) {
      expect(tree ? compareFaces(tree, portrait).similarity : 0).toBeLessThan(FACE_SIMILARITY_THRESHOLD - MARGIN);
    }
  });
});

const landscapeSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400">' +
  '<defs><linearGradient id="s" x2="0" y2="1"><stop offset="0" stop-color="#4a90d9"/>' +
  '<stop offset="1" stop-color="#cfe6f7"/></linearGradient></defs><rect width="600" height="400" fill="url(#s)"/>' +
  '<path d="M0,260 Q150,200 300,250 T600,230 V400 H0Z" fill="#3f7a3a"/>' +
  '<circle cx="470" cy="90" r="40" fill="#fff3b0"/></svg>';

const treeSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="#9cc7e8"/>' +
  '<rect x="135" y="150" width="30" height="100" fill="#6b4a2b"/>' +
  '<circle cx="150" cy="120" r="70" fill="#3f8a3a"/></svg>';

/** Deterministic noise (LCG), so a failure reproduces. */
function noise(width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
