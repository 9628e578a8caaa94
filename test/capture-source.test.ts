/**
 * The selfie says where it came from. The attack: upload a photo of the owner (a screenshot, a
 * photo of a photo) instead of taking a live selfie. By default a selfie declared as a file, or
 * declared as nothing, is refused before anything is stored or sent; where a deployment allows
 * uploads, the vendor is told truthfully that it got a file, never a live capture.
 */
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start, status, upload } from './support/journey';
import { audit, eventually } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';

const ben = loadIdentity('ben-okafor');

describe('with uploaded selfies refused (the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it.each([
    ['file', 'file'],
    ['undeclared', null],
  ] as const)('refuses a selfie declared %s with 422 evidence.selfie_upload_refused, storing and sending nothing', async (_label, source) => {
    const { id, token } = await start(h, 'ben.okafor');
    const res = await upload(h, id, token, ben, 'true', source);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'evidence.selfie_upload_refused', title: expect.stringMatching(/camera/) });
    expect((await status(h, id, token).expect(200)).body.status).toBe('awaiting_evidence'); // no attempt used
    expect(await audit(h, { recoveryId: id, type: 'evidence.received' })).toEqual([]);
    expect(h.mocks.vendor('idemia').stats().byKey[`${id}-1`]).toBeUndefined();
  });

  it('accepts a selfie declared as a live camera capture, and labels it live at the vendor', async () => {
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben, 'true', 'camera').expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    expect(h.mocks.vendor('idemia').sandbox.captureLabels()[`${id}-1`]).toBe('LIVE_CAPTURE_IMAGE');
    const [received] = await audit(h, { recoveryId: id, type: 'evidence.received' });
    expect(received?.data).toMatchObject({ selfieSource: 'camera' });
  });

  it('refuses a source outside the declared vocabulary as invalid input', async () => {
    const { id, token } = await start(h, 'ben.okafor');
    const res = await upload(h, id, token, ben, 'true', 'webcam' as 'camera');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid' });
  });
});

describe('with uploaded selfies allowed (REFUSE_UPLOADED_SELFIES=false)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { REFUSE_UPLOADED_SELFIES: 'false' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it.each([
    ['file', 'file'],
    ['undeclared', null],
  ] as const)('accepts a selfie declared %s and tells the vendor it is a file, never a live capture', async (_label, source) => {
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, ben, 'true', source).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    // What the mock vendor received (Idemia, the primary): the upload label, not LIVE_CAPTURE_IMAGE.
    expect(h.mocks.vendor('idemia').sandbox.captureLabels()[`${id}-1`]).toBe('UPLOADED_IMAGE');
    const [received] = await audit(h, { recoveryId: id, type: 'evidence.received' });
    expect(received?.data).toMatchObject({ selfieSource: 'file' });
    const [submitted] = await eventually(
      () => audit(h, { recoveryId: id, type: 'verification.submitted' }),
      (rows) => rows.length > 0,
    );
    expect(submitted?.data).toMatchObject({ selfieSource: 'file', provider: 'idemia' });
  });
});
