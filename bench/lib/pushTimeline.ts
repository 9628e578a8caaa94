/**
 * Where push latency goes, from the worker's debug log: for each recovery, verdict ready (vendor)
 * → the job picked up again after the webhook promoted it ("job started", second time) → the
 * "recovery transition" to `access_pass_issued` (written and its change published) → access pass
 * seen by the claimant (change feed, SSE re-reads the status, the pass minted and hashed, sent).
 */
import { readFileSync } from 'node:fs';
import { median } from './stats';

export interface PushSample {
  id: string;
  readyAt: number;
  seenAt: number;
}

export interface PushSegments {
  'verdict → job picked up (webhook, promote)': number;
  'job picked up → state advanced (verification work)': number;
  'state advanced → pass seen (change feed, SSE, pass minted)': number;
}

interface Line {
  msg?: string;
  recoveryId?: string;
  queue?: string;
  time?: number;
  to?: string;
}

export function pushSegments(workerLog: string, samples: PushSample[]): PushSegments {
  const starts = new Map<string, number[]>();
  const decided = new Map<string, number>();
  for (const text of readFileSync(workerLog, 'utf8').split('\n')) {
    if (!text.startsWith('{')) continue;
    const line = JSON.parse(text) as Line;
    if (!line.recoveryId || line.queue !== 'verification' || !line.time) continue;
    if (line.msg === 'job started') starts.set(line.recoveryId, [...(starts.get(line.recoveryId) ?? []), line.time]);
    if (line.msg === 'recovery transition' && line.to === 'access_pass_issued') decided.set(line.recoveryId, line.time);
  }
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (const s of samples) {
    const picked = starts.get(s.id)?.find((t) => t >= s.readyAt);
    const done = decided.get(s.id);
    if (picked === undefined || done === undefined) continue;
    a.push(picked - s.readyAt);
    b.push(done - picked);
    c.push(s.seenAt - done);
  }
  return {
    'verdict → job picked up (webhook, promote)': median(a),
    'job picked up → state advanced (verification work)': median(b),
    'state advanced → pass seen (change feed, SSE, pass minted)': median(c),
  };
}
