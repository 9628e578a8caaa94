/**
 * The console's funnel (GET /v1/admin/reports/funnel): how far recoveries got over a period,
 * per vendor, for every profile or one, drawn by funnelChart.ts, with where and why they were left
 * listed under the charts. The period is whole days in the administrator's own time zone.
 */
import * as z from 'zod';
import { call } from './api';
import { textRow, type Admin } from './adminKit';
import { funnelChart } from './funnelChart';
import { FunnelReportSchema } from './reportSchemas';
import { el, say } from './ui';

const DAY_MS = 86_400_000;
const ProfileNames = z.object({ items: z.array(z.object({ name: z.string() })) });

/** YYYY-MM-DD of a local date, as a date input holds it. */
const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const input = (id: string) => el<HTMLInputElement>(id);

/** The query for the chosen period: from the start of the first day to the end of the last, local time. */
function query(): URLSearchParams | null {
  const from = input('funnel-from').value;
  const to = input('funnel-to').value;
  if (from && to && from > to) {
    say('funnel-error', 'The first day must not be after the last.');
    return null;
  }
  const q = new URLSearchParams();
  if (from) q.set('from', new Date(`${from}T00:00:00`).toISOString());
  if (to) q.set('to', new Date(`${to}T23:59:59.999`).toISOString());
  const profile = input('funnel-profile').value.trim();
  if (profile) q.set('profile', profile);
  return q;
}

async function run(admin: Admin): Promise<void> {
  say('funnel-error', null);
  const q = query();
  if (!q) return;
  try {
    const report = FunnelReportSchema.parse(await call<unknown>(`/v1/admin/reports/funnel?${q.toString()}`, { token: admin.token() }));
    const scope = report.profile ? ` under the profile ${report.profile}` : '';
    say(
      'funnel-summary',
      report.providers.length === 0
        ? `No recovery moved in this period${scope}.`
        : `${report.providers.reduce((n, p) => n + p.stages.started, 0)} recoveries started in this period${scope}; ${report.scanned} audit entries read.`,
    );
    el('funnel-incomplete').hidden = report.complete;
    el('funnel-charts').replaceChildren(
      ...report.providers.map((p) => {
        const figure = document.createElement('figure');
        const caption = document.createElement('figcaption');
        caption.textContent = `Vendor: ${p.provider}`;
        figure.append(caption, funnelChart(p.provider, p.stages));
        return figure;
      }),
    );
    const drops = report.providers.flatMap((p) => p.dropOffs.map((d) => textRow([p.provider, d.from, d.reason.replaceAll('_', ' '), String(d.count)])));
    el('funnel-dropoffs').hidden = drops.length === 0;
    el('funnel-dropoffs-body').replaceChildren(...drops);
  } catch (err) {
    admin.failed(err, 'funnel-error');
  }
}

/** Offers the recovery profiles' names in the profile field, when this service has them. */
async function offerProfiles(admin: Admin): Promise<void> {
  const found = await call<unknown>('/v1/admin/recovery-profiles', { token: admin.token() }).then(
    (r) => ProfileNames.safeParse(r),
    () => null,
  );
  if (!found?.success) return;
  el('funnel-profiles').replaceChildren(...found.data.items.map((p) => Object.assign(document.createElement('option'), { value: p.name })));
}

export function funnelView(admin: Admin): { load(): Promise<void> } {
  el<HTMLFormElement>('funnel-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void run(admin);
  });
  return {
    async load() {
      // The last 30 days until the administrator picks another period.
      if (!input('funnel-to').value) input('funnel-to').value = day(new Date());
      if (!input('funnel-from').value) input('funnel-from').value = day(new Date(Date.now() - 29 * DAY_MS));
      void offerProfiles(admin);
      await run(admin);
    },
  };
}
