/**
 * The console's audit trail: searched with the admin API's filters (recovery, account, entry
 * types, a time range), oldest entry first as the API reads it, page after page; and exported with
 * the same filters as JSON lines (GET /v1/admin/audit/export), saved as a file by the browser.
 */
import { call, download } from './api';
import { textRow, type Admin } from './adminKit';
import type { AuditRecord } from '../../audit/auditEntry';
import { AuditPageSchema } from './reportSchemas';
import { busy, el, say } from './ui';

const PAGE = 100;
/** A filter that matches little makes the API return short pages (it reads at most so many entries per request): read on a few times before asking. */
const READS_PER_CLICK = 5;

const value = (id: string) => el<HTMLInputElement>(id).value.trim();

/** The filters as the API takes them; times typed in local time, sent with their offset. */
function filters(): URLSearchParams {
  const q = new URLSearchParams();
  const put = (key: string, v: string) => {
    if (v) q.set(key, v);
  };
  put('recoveryId', value('audit-recovery'));
  put('username', value('audit-username'));
  put('type', value('audit-type').replace(/\s+/g, ''));
  if (value('audit-from')) q.set('from', new Date(value('audit-from')).toISOString());
  if (value('audit-to')) q.set('to', new Date(value('audit-to')).toISOString());
  return q;
}

function details(data: Record<string, unknown>): Node {
  if (Object.keys(data).length === 0) return document.createTextNode('—');
  const box = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = Object.keys(data).join(', ');
  const pre = document.createElement('pre');
  pre.className = 'audit-data';
  pre.textContent = JSON.stringify(data, null, 2);
  box.append(summary, pre);
  return box;
}

const row = (r: AuditRecord) => textRow([new Date(r.at).toLocaleString(), r.type, r.actor, r.recoveryId ?? '—', r.username ?? '—', details(r.data)]);

export function auditView(admin: Admin): { load(): Promise<void> } {
  let query = filters();
  let cursor: string | null = null;
  let shown = 0;

  async function more(button: HTMLButtonElement | null, fresh: boolean): Promise<void> {
    if (button) busy(button, true);
    say('audit-error', null);
    if (fresh) {
      query = filters();
      cursor = null;
      shown = 0;
      el('audit-body').replaceChildren();
    }
    try {
      let reads = 0;
      let found = 0;
      do {
        const q = new URLSearchParams(query);
        q.set('limit', String(PAGE));
        if (cursor) q.set('cursor', cursor);
        const page = AuditPageSchema.parse(await call<unknown>(`/v1/admin/audit?${q.toString()}`, { token: admin.token() }));
        el('audit-body').append(...page.items.map(row));
        found += page.items.length;
        cursor = page.nextCursor;
        reads += 1;
      } while (cursor && found < PAGE && reads < READS_PER_CLICK);
      shown += found;
      say('audit-summary', `${shown} ${shown === 1 ? 'entry' : 'entries'} shown${cursor ? '; older parts of the trail are not searched yet' : ''}.`);
      el('audit-results').hidden = shown === 0;
      el('audit-more').hidden = !cursor;
    } catch (err) {
      admin.failed(err, 'audit-error');
    } finally {
      if (button) busy(button, false);
    }
  }

  async function exportTrail(button: HTMLButtonElement): Promise<void> {
    busy(button, true);
    say('audit-error', null);
    try {
      const file = await download(`/v1/admin/audit/export?${filters().toString()}`, admin.token());
      const link = document.createElement('a');
      link.href = URL.createObjectURL(file.blob);
      link.download = file.filename ?? 'audit.jsonl';
      link.click();
      // Kept a minute: revoked at once, the browser may not have read it yet.
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      say('audit-summary', `Exported ${file.blob.size} bytes as ${link.download} (JSON lines, the filters above applied).`);
    } catch (err) {
      admin.failed(err, 'audit-error');
    } finally {
      busy(button, false);
    }
  }

  el<HTMLFormElement>('audit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void more(el<HTMLButtonElement>('audit-search'), true);
  });
  el('audit-more').addEventListener('click', () => void more(el<HTMLButtonElement>('audit-more'), false));
  el('audit-export').addEventListener('click', () => void exportTrail(el('audit-export')));
  return { load: () => more(null, true) };
}
