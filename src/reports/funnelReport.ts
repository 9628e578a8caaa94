/**
 * The recovery funnel recounted from the audit trail (docs/audit.md): for each provider, how many
 * recoveries reached each stage and how many left, from which state and why. A recovery counts in
 * a stage when the entry marking it (observability/funnelMetrics.ts, STAGE_ENTRIES) falls within
 * [from, to] by the entry's time; its provider is the one its `recovery.started` entry names and
 * its profile the one its `recovery.profile_applied` entry names (`none`: no profile covered the
 * account), wherever those entries fall. The trail is read whole, oldest first, up to
 * FUNNEL_MAX_SCAN entries: the entry times are the service clock, not the stream ids, so no id
 * range can stand in for the time window.
 */
import type { AppContext } from '../context';
import { toAuditRecord } from '../audit/auditEntry';
import { readAfter } from '../audit/auditQuery';
import { DROP_OFF_STATES, FUNNEL_STAGES, STAGE_ENTRIES, type FunnelStage } from '../observability/funnelMetrics';
import type { FunnelReport, FunnelStages } from './funnelSchema';

const BATCH = 1000;
export const FUNNEL_MAX_SCAN = 1_000_000;
/** What a recovery started before profiles existed belongs to. */
export const DEFAULT_PROFILE = 'default';
/** What a recovery of an account no profile covers belongs to. */
export const NO_PROFILE = 'none';

export interface FunnelQuery {
  from?: number | undefined;
  to?: number | undefined;
  profile?: string | undefined;
}

interface Trace {
  provider: string;
  profile: string;
  stages: Set<FunnelStage>;
  dropOff: { from: string; reason: string } | null;
}

const STAGE_KEYS: Record<FunnelStage, keyof FunnelStages> = {
  started: 'started',
  evidence_submitted: 'evidenceSubmitted',
  vendor_verdict: 'vendorVerdict',
  account_matched: 'accountMatched',
  credential_issued: 'credentialIssued',
  enrolled: 'enrolled',
  completed: 'completed',
};

export async function funnelReport(ctx: AppContext, query: FunnelQuery): Promise<FunnelReport> {
  const traces = new Map<string, Trace>();
  const trace = (id: string): Trace => {
    let t = traces.get(id);
    if (!t) traces.set(id, (t = { provider: 'unknown', profile: DEFAULT_PROFILE, stages: new Set(), dropOff: null }));
    return t;
  };
  let cursor: string | null = null;
  let scanned = 0;
  let complete = false;
  while (scanned < FUNNEL_MAX_SCAN) {
    const batch = await readAfter(ctx, cursor, BATCH);
    for (const raw of batch) {
      cursor = raw[0];
      scanned += 1;
      const r = toAuditRecord(raw);
      if (!r.recoveryId) continue;
      if (r.type === 'recovery.started') {
        const t = trace(r.recoveryId);
        if (typeof r.data.provider === 'string') t.provider = r.data.provider;
        if (typeof r.data.profile === 'string') t.profile = r.data.profile;
      }
      // The recovery profile is decided at the first verification attempt (recoveryProfiles/resolveProfile.ts).
      if (r.type === 'recovery.profile_applied') trace(r.recoveryId).profile = typeof r.data.profile === 'string' ? r.data.profile : NO_PROFILE;
      if ((query.from !== undefined && r.atMs < query.from) || (query.to !== undefined && r.atMs > query.to)) continue;
      for (const stage of FUNNEL_STAGES) if (STAGE_ENTRIES[stage].includes(r.type)) trace(r.recoveryId).stages.add(stage);
      if (r.type === 'recovery.transition' && DROP_OFF_STATES.has(String(r.data.to)) && r.data.from !== r.data.to) {
        trace(r.recoveryId).dropOff = { from: String(r.data.from), reason: typeof r.data.reason === 'string' ? r.data.reason : 'none' };
      }
    }
    if (batch.length < BATCH) {
      complete = true;
      break;
    }
  }
  return {
    from: query.from === undefined ? null : new Date(query.from).toISOString(),
    to: query.to === undefined ? null : new Date(query.to).toISOString(),
    profile: query.profile ?? null,
    providers: byProvider([...traces.values()].filter((t) => query.profile === undefined || t.profile === query.profile)),
    scanned,
    complete,
  };
}

function byProvider(traces: Trace[]): FunnelReport['providers'] {
  const groups = new Map<string, { stages: FunnelStages; dropOffs: Map<string, { from: string; reason: string; count: number }> }>();
  for (const t of traces) {
    if (t.stages.size === 0 && !t.dropOff) continue;
    let g = groups.get(t.provider);
    if (!g) {
      g = {
        stages: { started: 0, evidenceSubmitted: 0, vendorVerdict: 0, accountMatched: 0, credentialIssued: 0, enrolled: 0, completed: 0 },
        dropOffs: new Map(),
      };
      groups.set(t.provider, g);
    }
    for (const stage of t.stages) g.stages[STAGE_KEYS[stage]] += 1;
    if (t.dropOff) {
      const key = `${t.dropOff.from}\n${t.dropOff.reason}`;
      const d = g.dropOffs.get(key) ?? { ...t.dropOff, count: 0 };
      d.count += 1;
      g.dropOffs.set(key, d);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, g]) => ({
      provider,
      stages: g.stages,
      dropOffs: [...g.dropOffs.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.reason.localeCompare(b.reason)),
    }));
}
