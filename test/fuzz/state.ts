/**
 * What the fuzzer has learnt from the server: every string a 2xx JSON answer carried, by property
 * name (and the query parameters of any URL in it), so later requests can use real ids, usernames
 * and link tokens; and recovery sessions (`id` + `token`), fresh while nothing changed them.
 */
import { sendRaw } from './rawHttp';

export interface Session {
  id: string;
  token: string;
  fresh: boolean;
}

const POOL_SIZE = 64;

export class FuzzState {
  private readonly pools = new Map<string, string[]>();
  readonly sessions: Session[] = [];

  constructor(
    private readonly port: number,
    private readonly aliases: Record<string, string[]> = {},
  ) {}

  /** Values known under `name` (and its aliases). */
  readonly known = (name: string): readonly string[] => {
    const names = [name, ...(this.aliases[name] ?? [])];
    return names.flatMap((n) => this.pools.get(n) ?? []);
  };

  remember(name: string, value: string): void {
    const pool = this.pools.get(name) ?? [];
    if (pool.includes(value)) return;
    pool.push(value);
    if (pool.length > POOL_SIZE) pool.shift();
    this.pools.set(name, pool);
  }

  /** Learns from a 2xx JSON answer. */
  harvest(value: unknown): void {
    if (Array.isArray(value)) return value.forEach((v) => this.harvest(v));
    if (value === null || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.token === 'string') {
      this.sessions.push({ id: o.id, token: o.token, fresh: o.status === 'awaiting_evidence' });
    }
    for (const [k, v] of Object.entries(o)) {
      if (typeof v !== 'string') {
        this.harvest(v);
        continue;
      }
      if (k !== 'token') this.remember(k, v);
      if (/^https?:\/\//.test(v)) {
        try {
          new URL(v).searchParams.forEach((pv, pk) => this.remember(pk, pv));
        } catch {
          /* not a URL after all */
        }
      }
    }
  }

  /** A session whose recovery still awaits evidence, starting a recovery when there is none. */
  async fresh(start: { path: string; body: unknown }): Promise<Session> {
    const found = this.sessions.find((s) => s.fresh);
    if (found) return found;
    const res = await sendRaw(this.port, {
      method: 'POST',
      target: start.path,
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify(start.body)),
    });
    if (!res.response || res.response.status !== 201)
      throw new Error(`could not start a recovery: ${res.response?.status ?? ('error' in res ? res.error : '')}`);
    this.harvest(JSON.parse(res.response.body.toString('utf8')));
    const made = this.sessions.at(-1);
    if (!made?.fresh) throw new Error('the start answer did not look like a fresh recovery');
    return made;
  }

  /** Any session (fresh or spent), or null. */
  pick(i: number): Session | null {
    return this.sessions.length ? (this.sessions[i % this.sessions.length] as Session) : null;
  }

  spend(id: string): void {
    for (const s of this.sessions) if (s.id === id) s.fresh = false;
  }
}
