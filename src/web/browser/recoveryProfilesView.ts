/**
 * The console's recovery profiles (profileView.ts): who may recover themselves and under which
 * rules. Each row shows the profile's mode first, since it decides what a recovery under it can
 * end in: production (an access pass), evaluation (a trial, no access pass) or off (the help desk).
 * The service saves a new order in one request (POST …/order), rewriting the priorities itself.
 */
import { call } from './api';
import { badge, type Admin } from './adminKit';
import { RecoveryProfileBodySchema, RecoveryProfileNameSchema, RecoveryProfileReadSchema, listOf, type RecoveryProfileRead } from './profileSchemas';
import { profileView } from './profileView';

const PATH = '/v1/admin/recovery-profiles';

const modes: Record<string, { label: string; hint: string }> = {
  production: { label: 'Production', hint: 'access pass' },
  evaluation: { label: 'Evaluation', hint: 'trial, no access pass' },
  off: { label: 'Off', hint: 'help desk only' },
};

function nameCell(p: RecoveryProfileRead): Node {
  const cell = document.createDocumentFragment();
  const name = document.createElement('strong');
  name.textContent = p.name;
  cell.append(name);
  if (p.description) {
    const d = document.createElement('span');
    d.className = 'hint block';
    d.textContent = p.description;
    cell.append(d);
  }
  return cell;
}

function modeCell(p: RecoveryProfileRead): Node {
  const mode = modes[p.mode];
  const cell = document.createDocumentFragment();
  cell.append(badge(mode?.label ?? p.mode, `mode mode-${mode ? p.mode : 'unknown'}`));
  const hint = document.createElement('span');
  hint.className = 'hint block';
  hint.textContent = mode?.hint ?? '';
  cell.append(hint);
  return cell;
}

const list = (values: readonly string[] | undefined, none: string) => (values && values.length > 0 ? values.join(', ') : none);

function cells(p: RecoveryProfileRead): Array<string | Node> {
  return [
    nameCell(p),
    modeCell(p),
    String(p.priority),
    list(
      p.groups.map((g) => (g === '*' ? 'every account' : g)),
      '—',
    ),
    list(p.excludeGroups, '—'),
    list(p.providers, 'global setting'),
    p.faceMatchThreshold === undefined ? 'global setting' : String(p.faceMatchThreshold),
  ];
}

export function recoveryProfilesView(admin: Admin): { load(): Promise<void> } {
  return profileView<RecoveryProfileRead>(
    {
      prefix: 'rp',
      path: PATH,
      noun: 'recovery profile',
      list: listOf(RecoveryProfileReadSchema),
      body: RecoveryProfileBodySchema,
      name: RecoveryProfileNameSchema,
      // A new profile starts as a trial: nobody gets an access pass under it until it is switched to production.
      template: () => ({
        description: '',
        groups: [],
        excludeGroups: [],
        priority: 100,
        mode: 'evaluation',
        helpdeskLinks: { allowed: true, requireApproval: false },
      }),
      cells,
      async reorder(ordered) {
        await call(`${PATH}/order`, { method: 'POST', token: admin.token(), json: { names: ordered.map((p) => p.name) } });
      },
    },
    admin,
  );
}
