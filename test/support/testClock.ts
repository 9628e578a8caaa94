/**
 * Every test's "now". Tests never read today's date: the service clock, the mock vendors' calendar
 * (document expiry) and the fixtures are all pinned to TEST_EPOCH, so a run in 2030 sees the same
 * days as a run today. `TEST_CLOCK_SHIFT_DAYS` (e.g. 400 or -400) moves TEST_EPOCH for a whole
 * run: `npm run test:shifted` uses it to prove that nothing Redis enforces (TTLs) or compares
 * depends on the injected clock agreeing with the wall clock (docs/clock.md).
 */
import { ManualClock, type Clock } from '../../src/clock';
import { analyzeEvidence } from '../../providers/mock-kit/analyzeEvidence';
import type { AnalyzeFn } from '../../providers/vendor-http/serveMock';
import { ROSTER_REFERENCE_DAY } from '../../providers/mock-kit/referenceDay';

const DAY_MS = 24 * 3_600_000;

function shiftDays(): number {
  const raw = process.env.TEST_CLOCK_SHIFT_DAYS ?? '0';
  const days = Number(raw);
  if (!Number.isInteger(days)) throw new Error(`TEST_CLOCK_SHIFT_DAYS must be a whole number of days, not "${raw}"`);
  return days;
}

/** Noon on the day every fixture document but fatima-haddad's is valid. */
const BASE_EPOCH = Date.parse(`${ROSTER_REFERENCE_DAY}T12:00:00Z`);

export const TEST_EPOCH = BASE_EPOCH + shiftDays() * DAY_MS;

/** A clock that stands still until the test moves it. */
export function manualClock(at: number = TEST_EPOCH): ManualClock {
  return new ManualClock(at);
}

/** A clock that starts at TEST_EPOCH and runs at the wall clock's pace (for tests that wait on workers). */
export function runningClock(start: number = TEST_EPOCH): Clock {
  const offset = start - Date.now();
  return { now: () => Date.now() + offset };
}

/** The mock vendors' evidence engine, judging document expiry on the given clock's day. */
export function documentCalendar(clock: Clock): AnalyzeFn {
  return (images) => analyzeEvidence(images, new Date(clock.now()));
}
