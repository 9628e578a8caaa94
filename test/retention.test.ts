/** Evidence kept for a configured retention period is purged by a durable timer, on the injected clock. */
import { createHarness, type Harness } from './support/harness';
import { recover, seedDirectory } from './support/journey';
import { objects } from './support/inspect';
import { loadIdentity } from './fixtures/identities';
import { manualClock } from './support/testClock';

describe('evidence retention', () => {
  const clock = manualClock();
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ clock, env: { EVIDENCE_RETENTION_SECONDS: '3600' } });
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('keeps evidence after the decision until the retention period ends, then deletes it', async () => {
    const { id } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
    expect(await objects(h)).toHaveLength(3);
    const purge = await h.ctx.queues.timers.getJob(`evidence-purge-${id}`);
    expect(purge?.data).toMatchObject({ type: 'evidence-purge', recoveryId: id });
    clock.advance(3600_000);
    await purge!.promote();
    const deadline = Date.now() + 10_000;
    while ((await objects(h)).length > 0) {
      if (Date.now() > deadline) throw new Error('evidence not purged');
      await new Promise((r) => setTimeout(r, 25)); // waiting for the timer worker
    }
  });
});
