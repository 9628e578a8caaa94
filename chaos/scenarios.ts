/**
 * What each simulated claimant sends: their own evidence (should be approved), or a mismatch of
 * some kind (should be rejected with a known reason). Only a handful of distinct image buffers are
 * ever uploaded, so the mock vendors' analysis cache (keyed by image content) makes vendor work
 * cheap and the run measures the orchestration, not the image analysis.
 *
 * Every recovery gets its own directory account (a copy of a demo person under a unique username):
 * a thousand recoveries of the same five people would trip the lockout and make parallel
 * recoveries replace each other's access pass (one per user), which is policy, not chaos. The
 * copies share a name and birth date, so the service sends each `own` recovery to a reviewer
 * (same-name accounts are never resolved automatically); the driver approves it.
 */
import { mulberry32 } from '../providers/mock-kit/mulberry32';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecoveryStatus } from '../flows/recoveryMachine';
import type { DirectoryUser } from '../src/stores/directoryStore';
import { demoUsers } from '../src/demo/directorySeed';
import { inspectImage } from '../src/evidence/inspectImage';
import { analyzeEvidence } from '../providers/mock-kit/analyzeEvidence';
import { ROSTER_REFERENCE_DAY } from '../providers/mock-kit/referenceDay';
import { repoRoot } from './paths';

export interface Evidence {
  selfie: Buffer;
  documentFront: Buffer;
  documentBack: Buffer;
}

export interface Scenario {
  kind: 'own' | 'expired_document' | 'account_mismatch' | 'face_mismatch' | 'spoof' | 'unknown_account';
  username: string;
  /** Created in the directory before the recovery starts; null = an account that does not exist. */
  account: DirectoryUser | null;
  evidence: Evidence;
  /** What a fault-free run must end in. */
  expect: { status: RecoveryStatus; reason?: string };
}

/** test/fixtures/identities/<name>/ (read from the source tree, so it works from dist/ too). */
function loadIdentity(name: string): Evidence {
  const dir = path.join(repoRoot(), 'test', 'fixtures', 'identities', name);
  const file = (f: string) => readFileSync(path.join(dir, f));
  return { selfie: file('selfie.png'), documentFront: file('document-front.png'), documentBack: file('document-back.png') };
}

/** Fixture directory → the demo account it matches. */
const PEOPLE: Array<[fixture: string, username: string]> = [
  ['ana-garcia', 'ana.garcia'],
  ['ben-okafor', 'ben.okafor'],
  ['chen-wei', 'wei.chen'],
  ['dana-kowalski', 'dana.kowalski'],
  ['erik-lindqvist', 'erik.lindqvist'],
];

export class ScenarioDeck {
  private readonly ids = new Map<string, Evidence>();

  constructor(private readonly runTag: string) {}

  private id(name: string): Evidence {
    let found = this.ids.get(name);
    if (!found) {
      found = loadIdentity(name);
      this.ids.set(name, found);
    }
    return found;
  }

  private ev(i: Evidence, selfieFrom?: Evidence): Evidence {
    return { selfie: (selfieFrom ?? i).selfie, documentFront: i.documentFront, documentBack: i.documentBack };
  }

  /** The demo person `base` under a username of its own for recovery `n`. */
  private account(base: string, n: number): DirectoryUser {
    const user = demoUsers.find((u) => u.username === base);
    if (!user) throw new Error(`no demo user ${base}`);
    const username = `${base}.${this.runTag}${n}`;
    return { ...user, username, emails: [`${username}@example.com`] };
  }

  /** Scenario for recovery number `n` given a uniform random `u` in [0, 1). */
  pick(n: number, u: number): Scenario {
    const make = (kind: Scenario['kind'], base: string | null, evidence: Evidence, expect: Scenario['expect']): Scenario => {
      const account = base ? this.account(base, n) : null;
      return { kind, username: account?.username ?? `nobody.${this.runTag}${n}`, account, evidence, expect };
    };
    if (u < 0.5) {
      const [fixture, username] = PEOPLE[n % PEOPLE.length]!;
      return make('own', username, this.ev(this.id(fixture)), { status: 'access_pass_issued' });
    }
    if (u < 0.6) return make('expired_document', 'fatima.haddad', this.ev(this.id('fatima-haddad')), { status: 'rejected', reason: 'document_expired' });
    if (u < 0.75) return make('account_mismatch', 'ben.okafor', this.ev(this.id('erik-lindqvist')), { status: 'rejected', reason: 'account_mismatch' });
    if (u < 0.88)
      return make('face_mismatch', 'ben.okafor', this.ev(this.id('ben-okafor'), this.id('chen-wei')), { status: 'rejected', reason: 'face_mismatch' });
    if (u < 0.95) return make('spoof', 'ben.okafor', this.ev(this.id('spoof-replay')), { status: 'rejected', reason: 'liveness_failed' });
    return make('unknown_account', null, this.ev(this.id('erik-lindqvist')), { status: 'rejected', reason: 'account_mismatch' });
  }
}

const FIXTURES = ['ana-garcia', 'ben-okafor', 'chen-wei', 'dana-kowalski', 'erik-lindqvist', 'fatima-haddad', 'spoof-replay'];

/**
 * Fills the mock vendors' analysis cache (module-wide, keyed by image content) with every image a
 * run uploads, in the exact bytes a vendor receives (the API's re-encoding), so the first wave of
 * verifications is not slowed by cold analysis — which, on a busy 2-core machine, can exceed the
 * vendor time-out and open circuits before any chaos has been injected.
 */
export async function warmVendorAnalysis(): Promise<void> {
  for (const name of FIXTURES) {
    const raw = loadIdentity(name);
    const clean = {
      selfie: (await inspectImage('selfie', raw.selfie, 200)).bytes,
      documentFront: (await inspectImage('documentFront', raw.documentFront, 200)).bytes,
      documentBack: (await inspectImage('documentBack', raw.documentBack, 200)).bytes,
    };
    await analyzeEvidence(clean, new Date(ROSTER_REFERENCE_DAY));
    // The back is only read when the front's data zone is unreadable: read it anyway.
    await analyzeEvidence({ selfie: clean.selfie, documentFront: clean.documentBack, documentBack: clean.documentBack }, new Date(ROSTER_REFERENCE_DAY));
  }
}

/** Seeded, so a run (scenarios, kill times) can be replayed from its seed. */
export const seededRandom = mulberry32;
