/**
 * The console's passkey profiles: the list (profileView.ts) and, below it, the compliance report:
 * registered passkeys the profiles as they stand no longer allow (sign-in refuses them). There is
 * no order endpoint for passkey profiles, so a move rewrites `priority` with one PUT per profile
 * whose value changes.
 */
import * as z from 'zod';
import { call } from './api';
import { textRow, type Admin } from './adminKit';
import { newPriorities } from './profileOrder';
import { PasskeyProfileBodySchema, PasskeyProfileNameSchema, PasskeyProfileReadSchema, listOf, type PasskeyProfileRead } from './profileSchemas';
import { bodyFields, profileView } from './profileView';
import { el, say } from './ui';

const PATH = '/v1/admin/passkey-profiles';

const ComplianceSchema = z.object({
  checked: z.number(),
  truncated: z.boolean(),
  items: z.array(
    z.object({
      username: z.string(),
      credentialId: z.string(),
      failures: z.array(z.object({ profile: z.string(), rule: z.string(), detail: z.string() })),
    }),
  ),
});

const typeLabels: Record<string, string> = { deviceBound: 'device-bound', synced: 'synced' };
const list = (values: readonly string[], none: string) => (values.length > 0 ? values.join(', ') : none);

function models(p: PasskeyProfileRead): string {
  const r = p.keyRestrictions;
  if (!r?.isEnforced) return 'any';
  return `${r.enforcementType === 'allow' ? 'only' : 'all but'} ${r.aaGuids.length} model${r.aaGuids.length === 1 ? '' : 's'}`;
}

function cells(p: PasskeyProfileRead): string[] {
  return [
    p.name,
    String(p.priority),
    list(p.groups, p.name === 'default' ? 'everyone else' : 'none'),
    list(p.excludeGroups, '—'),
    p.passkeyTypes.map((t) => typeLabels[t] ?? t).join(', '),
    p.attestationEnforcement === 'registrationOnly' ? 'required' : 'not required',
    models(p),
  ];
}

async function loadCompliance(admin: Admin): Promise<void> {
  try {
    const report = ComplianceSchema.parse(await call<unknown>(`${PATH}/compliance`, { token: admin.token() }));
    const more = report.truncated ? ' (not every passkey could be checked: the list is incomplete)' : '';
    say(
      'pp-compliance-summary',
      report.checked === 0
        ? `No passkey is registered yet${more}.`
        : report.items.length === 0
          ? `All ${report.checked} registered passkeys comply with the profiles${more}.`
          : `${report.items.length} of ${report.checked} registered passkeys no longer comply; sign-in refuses them${more}.`,
    );
    el('pp-compliance').hidden = report.items.length === 0;
    el('pp-compliance-body').replaceChildren(
      ...report.items.flatMap((i) => i.failures.map((f) => textRow([i.username, i.credentialId.slice(0, 16), f.profile, f.rule, f.detail]))),
    );
  } catch (err) {
    admin.failed(err, 'pp-compliance-error');
  }
}

export function passkeyProfilesView(admin: Admin): { load(): Promise<void> } {
  const view = profileView<PasskeyProfileRead>(
    {
      prefix: 'pp',
      path: PATH,
      noun: 'passkey profile',
      list: listOf(PasskeyProfileReadSchema),
      body: PasskeyProfileBodySchema,
      name: PasskeyProfileNameSchema,
      template: () => ({ passkeyTypes: ['deviceBound', 'synced'], attestationEnforcement: 'disabled', groups: [], excludeGroups: [], priority: 100 }),
      cells,
      async reorder(ordered) {
        // One at a time: each PUT is audited, and a refusal stops the rest (the list is reloaded either way).
        for (const [name, priority] of newPriorities(ordered)) {
          const p = ordered.find((o) => o.name === name);
          if (p)
            await call(`${PATH}/${encodeURIComponent(name)}`, {
              method: 'PUT',
              token: admin.token(),
              json: { ...bodyFields(PasskeyProfileBodySchema, p), priority },
            });
        }
      },
      changed: () => void loadCompliance(admin),
    },
    admin,
  );
  return {
    load: async () => {
      await view.load();
      await loadCompliance(admin);
    },
  };
}
