/**
 * Every vendor mock that calls back really wakes the service: with the next poll ten minutes
 * off, the recovery still finishes within seconds, so the mock's signed webhook was accepted (its
 * timestamp inside the replay window, its signature good) and made the job fetch the result.
 * Before the mocks shared the test clock, a webhook signed on the wall clock fell outside the
 * window of a service on the test clock, was refused, and only polling finished recoveries.
 */
import { createHarness, type Harness } from './support/harness';
import { seedDirectory, start, upload } from './support/journey';
import { loadIdentity } from './fixtures/identities';
import { descriptors } from '../providers/registry';

const callingBack = descriptors.filter((d) => d.capabilities.webhook !== 'none' && d.mock);

describe.each(callingBack.map((d) => [d.name]))('%s webhooks from its mock', (name) => {
  let h: Harness;
  beforeAll(async () => {
    // The vendor takes a while, so the job's first fetch surely finds it still working and parks.
    h = await createHarness({ vendorDelayMs: 1500, env: { IDV_PROVIDER: name, IDV_POLL_INTERVAL_MS: '600000' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('wake the parked verification: it ends long before the next poll', async () => {
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, loadIdentity('ben-okafor')).expect(202);
    expect(await h.waitForStatus(id, (s) => s !== 'verifying', 20_000)).toBe('access_pass_issued');
  });
});

it('at least one shipped vendor calls back', () => {
  expect(callingBack.length).toBeGreaterThan(0);
});
