/**
 * Simulated claimants, over HTTP only. Each journey starts a recovery, uploads evidence (again, like
 * a person would, whenever the recovery comes back for new evidence), watches progress through the
 * help-desk view (which never reveals the access pass), and once the pass is issued reads the
 * claimant status — twice at the same moment and once more — so a pass shown more than once, or
 * never, is caught at the HTTP surface.
 *
 * Transport failures (e.g. while Redis restarts) are retried; a retried upload that finds the
 * recovery already verifying counts as delivered.
 */
import type { RecoveryStatus } from '../flows/recoveryMachine';
import type { Evidence, Scenario } from './scenarios';

export interface HelpdeskView {
  id: string;
  status: RecoveryStatus;
  reason?: string;
  attempts: number;
}

export interface Journey {
  n: number;
  scenario: Scenario['kind'];
  username: string;
  expect: Scenario['expect'];
  id?: string;
  /** Uploads the API accepted (202, or 409 after an ambiguous failure). */
  uploads: number;
  startedAt: number;
  settledAt?: number;
  last?: HelpdeskView;
  /** Longest continuous time seen in `verifying`, ms. */
  maxVerifyingMs: number;
  /** Access-pass codes shown by the claimant status endpoint (must be exactly one when issued). */
  tapCodes: string[];
  tapReads: number;
  /** A claimant status read failed (time-out, 5xx): a pass it minted would be lost with its response. */
  tapReadFailed: boolean;
  transportRetries: number;
  anomalies: string[];
  outcome?: 'settled' | 'lost' | 'start_failed';
}

export interface DriverOptions {
  apiUrl: string;
  helpdeskKey: string;
  /** Creates each scenario's directory account first. */
  adminKey: string;
  /**
   * Approves an `own` recovery sent to review: every scenario account is a copy of a demo person
   * (same name, same birth date), which the service rightly will not resolve on its own.
   */
  reviewerKey: string;
  /** Help-desk poll interval per journey, ms (jittered). */
  pollMs: number;
  /** A journey still not settled at this epoch ms is lost. */
  deadline: () => number;
  maxUploads: number;
  /** Called after every accepted upload (parts time their disruptions by progress). */
  onUpload?: (accepted: number) => void;
  /** Uploads in flight at once (the API decodes and re-encodes every image: keep it responsive). */
  maxConcurrentUploads: number;
  /** Client-side time-out of one request, ms. */
  requestTimeoutMs: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTLED: ReadonlySet<RecoveryStatus> = new Set(['access_pass_issued', 'completed', 'rejected', 'expired', 'failed', 'in_review']);

export class Driver {
  /** Journeys under way (not yet settled, lost or failed to start). */
  readonly active = new Set<Journey>();
  /** Why requests were retried: `<what>: <status or error code>` → count. */
  readonly retryReasons = new Map<string, number>();
  uploadsAccepted = 0;
  private uploading = 0;
  private readonly uploadQueue: Array<() => void> = [];

  constructor(private readonly o: DriverOptions) {}

  private async uploadSlot(): Promise<() => void> {
    if (this.uploading >= this.o.maxConcurrentUploads) await new Promise<void>((resolve) => this.uploadQueue.push(resolve));
    this.uploading += 1;
    return () => {
      this.uploading -= 1;
      this.uploadQueue.shift()?.();
    };
  }

  /** Retries transport failures and 5xx (e.g. during a Redis restart) until the deadline. */
  private async send(
    journey: Journey,
    what: string,
    url: string,
    init: RequestInit | (() => RequestInit),
    accept: number[],
  ): Promise<{ status: number; body: unknown }> {
    for (let tries = 0; ; tries += 1) {
      try {
        const res = await fetch(url, { ...(typeof init === 'function' ? init() : init), signal: AbortSignal.timeout(this.o.requestTimeoutMs) });
        const text = await res.text();
        if (res.status >= 500) throw new HttpError(res.status, text);
        if (res.status === 429) {
          // A real client waits as told; rate limits are off in chaos clusters, so this is a finding.
          await sleep(1000 * Math.min(30, Number(res.headers.get('retry-after') ?? 1)));
          throw new HttpError(429, text);
        }
        if (!accept.includes(res.status)) {
          throw Object.assign(new HttpError(res.status, text), { final: true });
        }
        return { status: res.status, body: text ? JSON.parse(text) : null };
      } catch (err) {
        if ((err as { final?: boolean }).final) throw err;
        journey.transportRetries += 1;
        const cause =
          err instanceof HttpError
            ? `HTTP ${err.status} ${err.body.slice(0, 80)}`
            : String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name ?? err);
        this.retryReasons.set(`${what}: ${cause}`, (this.retryReasons.get(`${what}: ${cause}`) ?? 0) + 1);
        if (Date.now() > this.o.deadline()) throw new Error(`${what}: still failing at the deadline: ${String(err)}`);
        await sleep(Math.min(2_000, 100 * 2 ** Math.min(tries, 5)));
      }
    }
  }

  async run(n: number, scenario: Scenario): Promise<Journey> {
    const j: Journey = {
      n,
      scenario: scenario.kind,
      username: scenario.username,
      expect: scenario.expect,
      uploads: 0,
      startedAt: Date.now(),
      maxVerifyingMs: 0,
      tapCodes: [],
      tapReads: 0,
      tapReadFailed: false,
      transportRetries: 0,
      anomalies: [],
    };
    this.active.add(j);
    try {
      if (scenario.account) {
        await this.send(
          j,
          'create account',
          `${this.o.apiUrl}/v1/admin/users`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${this.o.adminKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(scenario.account),
          },
          [201, 409],
        );
      }
      const started = await this.send(
        j,
        'start',
        `${this.o.apiUrl}/v1/recoveries`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: scenario.username }),
        },
        [201],
      );
      const { id, token } = started.body as { id: string; token: string };
      j.id = id;
      await this.upload(j, token, scenario.evidence);
      await this.follow(j, token, scenario.evidence);
    } catch (err) {
      j.anomalies.push(String(err));
      if (!j.id) j.outcome = 'start_failed';
      else if (!j.outcome) j.outcome = 'lost';
    } finally {
      this.active.delete(j);
    }
    return j;
  }

  private async upload(j: Journey, token: string, ev: Evidence): Promise<void> {
    const form = () => {
      const f = new FormData();
      f.append('selfie', new Blob([new Uint8Array(ev.selfie)], { type: 'image/png' }), 'selfie.png');
      f.append('documentFront', new Blob([new Uint8Array(ev.documentFront)], { type: 'image/png' }), 'front.png');
      f.append('documentBack', new Blob([new Uint8Array(ev.documentBack)], { type: 'image/png' }), 'back.png');
      f.append('consent', 'true');
      f.append('selfieSource', 'camera'); // as the page's camera path declares it
      return f;
    };
    // `send` retries with a fresh body each time (a FormData body can be sent once).
    const release = await this.uploadSlot();
    const res = await this.send(
      j,
      'upload',
      `${this.o.apiUrl}/v1/recoveries/${j.id}/evidence`,
      () => ({
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form(),
      }),
      [202, 409],
    ).finally(release);
    if (res.status === 409) j.anomalies.push('upload answered 409 (an earlier, failed-looking try had been accepted)');
    j.uploads += 1;
    this.uploadsAccepted += 1;
    this.o.onUpload?.(this.uploadsAccepted);
  }

  private async view(j: Journey): Promise<HelpdeskView> {
    const res = await this.send(
      j,
      'help-desk view',
      `${this.o.apiUrl}/v1/helpdesk/recoveries/${j.id}`,
      {
        headers: { authorization: `Bearer ${this.o.helpdeskKey}` },
      },
      [200],
    );
    return res.body as HelpdeskView;
  }

  private async follow(j: Journey, token: string, ev: Evidence): Promise<void> {
    let verifyingSince: number | null = null;
    for (;;) {
      const v = await this.view(j);
      j.last = v;
      if (v.status === 'verifying') {
        verifyingSince ??= Date.now();
        j.maxVerifyingMs = Math.max(j.maxVerifyingMs, Date.now() - verifyingSince);
      } else {
        verifyingSince = null;
      }
      if (v.status === 'in_review' && j.scenario === 'own') {
        await this.approve(j);
        await sleep(this.o.pollMs * (0.75 + Math.random() / 2));
        continue;
      }
      if (SETTLED.has(v.status)) break;
      if (v.status === 'awaiting_evidence') {
        if (v.attempts < j.uploads) j.anomalies.push(`accepted upload ${j.uploads} not recorded (attempts ${v.attempts})`);
        if (j.uploads >= this.o.maxUploads && v.attempts >= j.uploads) {
          j.anomalies.push(`awaiting evidence after ${j.uploads} uploads`);
          break;
        }
        // Back for new evidence (a retryable decline, a time-out, or a lost upload): upload again.
        await this.upload(j, token, ev);
        continue;
      }
      if (Date.now() > this.o.deadline()) {
        j.outcome = 'lost';
        j.anomalies.push(`still ${v.status} at the deadline`);
        return;
      }
      // Poll less often once a verification takes long (e.g. its worker was killed).
      const slow = verifyingSince !== null && Date.now() - verifyingSince > 5_000 ? 3 : 1;
      await sleep(slow * this.o.pollMs * (0.75 + Math.random() / 2));
    }
    j.settledAt = Date.now();
    j.outcome = 'settled';
    if (j.last?.status === 'access_pass_issued') await this.revealTwice(j, token);
  }

  /** A reviewer's approval; answered 409 when an earlier, failed-looking try had already decided. */
  private async approve(j: Journey): Promise<void> {
    await this.send(
      j,
      'review decision',
      `${this.o.apiUrl}/v1/review/cases/${j.id}/decision`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.reviewerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve', reason: 'Chaos copy of a demo person: same name and birth date as the other copies.' }),
      },
      [200, 409],
    );
  }

  /** Two claimant reads at the same instant, then a third: exactly one may show the pass. */
  private async revealTwice(j: Journey, token: string): Promise<void> {
    const read = async () => {
      const before = j.transportRetries;
      const res = await this.send(
        j,
        'claimant status',
        `${this.o.apiUrl}/v1/recoveries/${j.id}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
        [200],
      );
      j.tapReads += 1;
      if (j.transportRetries > before) j.tapReadFailed = true;
      const body = res.body as { status: string; accessPass?: { code: string } };
      if (body.accessPass) j.tapCodes.push(body.accessPass.code);
    };
    await Promise.all([read(), read()]);
    await read();
  }
}
