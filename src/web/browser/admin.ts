/**
 * /admin: the administrator's console. Signed in (organisation or admin key), it has one tab per
 * section: access (named API keys: create, shown once, and revoke; the staff sessions of people
 * signed in with the organisation; self-service lockouts), passkey profiles, recovery profiles,
 * the recovery funnel and the audit trail (each in its own *View.ts). Every change is made by the
 * existing admin API and audited there under the administrator's name.
 */
import { ApiError, call } from './api';
import { actionButton, cellRow, failureHandler, when, type Admin } from './adminKit';
import { auditView } from './auditView';
import { consoleTabs, type ConsoleTabs } from './consoleTabs';
import { funnelView } from './funnelView';
import { passkeyProfilesView } from './passkeyProfilesView';
import { recoveryProfilesView } from './recoveryProfilesView';
import { describe, type Credential } from './staffAuth';
import { staffPage, type StaffPage } from './staffPage';
import { busy, el, say, showStep } from './ui';

interface ApiKey {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}
interface StaffSession {
  id: string;
  actor: string;
  name: string | null;
  email: string | null;
  roles: string[];
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}
interface Lock {
  username: string;
  lock: { reason: string; since: string; until: string | null };
}

const STORAGE = 'admin';
const reasonLabels: Record<string, string> = {
  owner_repudiated: 'the owner said a recovery "wasn\'t me"',
  suspected_attack: 'signs of attack from several places',
  failed_recoveries: 'repeated failed recoveries',
};
let page: StaffPage;
const token = () => page.token();
const admin: Admin = { token, failed: failureHandler(() => void page.refused()) };
const handle = admin.failed;

async function loadKeys(): Promise<void> {
  try {
    const { items } = await call<{ items: ApiKey[] }>('/v1/admin/api-keys', { token: token() });
    el('keys-body').replaceChildren(
      ...items
        .slice()
        .reverse()
        .map((k) =>
          cellRow(
            [k.name, k.role, when(k.createdAt), k.createdBy, k.revokedAt ? `Revoked ${when(k.revokedAt)} by ${k.revokedBy ?? ''}` : 'Active'],
            ...(k.revokedAt
              ? []
              : [
                  actionButton('Revoke', `Revoke the ${k.role} key of ${k.name}`, async () => {
                    try {
                      await call(`/v1/admin/api-keys/${encodeURIComponent(k.id)}`, { method: 'DELETE', token: token() });
                      await loadKeys();
                    } catch (err) {
                      handle(err, 'keys-error');
                    }
                  }),
                ]),
          ),
        ),
    );
  } catch (err) {
    handle(err, 'keys-error');
  }
}

async function createKey(button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  say('keys-error', null);
  try {
    const created = await call<{ key: string }>('/v1/admin/api-keys', {
      token: token(),
      json: { name: el<HTMLInputElement>('new-key-name').value.trim(), role: el<HTMLSelectElement>('new-key-role').value },
    });
    el('new-key-value').textContent = created.key;
    el('new-key').hidden = false;
    el<HTMLInputElement>('new-key-name').value = '';
    await loadKeys();
  } catch (err) {
    handle(err, 'keys-error');
  } finally {
    busy(button, false);
  }
}

async function loadSessions(): Promise<void> {
  try {
    const { items } = await call<{ items: StaffSession[] }>('/v1/admin/staff-sessions', { token: token() });
    el('no-sessions').hidden = items.length > 0;
    el('sessions-body').replaceChildren(
      ...items.map((s) =>
        cellRow(
          [`${s.name ?? ''} ${s.email ? `<${s.email}>` : s.actor}`.trim(), s.roles.join(', '), when(s.createdAt), when(s.lastSeenAt), when(s.expiresAt)],
          actionButton('End session', `End the session of ${s.name ?? s.actor}`, async () => {
            try {
              await call(`/v1/admin/staff-sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE', token: token() });
              await loadSessions();
            } catch (err) {
              handle(err, 'sessions-error');
            }
          }),
        ),
      ),
    );
  } catch (err) {
    handle(err, 'sessions-error');
  }
}

let lookedUp: string | null = null;
async function lookUpLock(button: HTMLButtonElement): Promise<void> {
  const username = el<HTMLInputElement>('lock-username').value.trim();
  busy(button, true);
  el('lock-clear').hidden = true;
  try {
    const found = await call<Lock>(`/v1/admin/lockouts/${encodeURIComponent(username)}`, { token: token() });
    lookedUp = found.username;
    const until = found.lock.until ? `until ${when(found.lock.until)}` : 'until an administrator clears it';
    say(
      'lock-result',
      `Self-service recovery of ${found.username} is locked since ${when(found.lock.since)}, ${until}: ${reasonLabels[found.lock.reason] ?? found.lock.reason}.`,
    );
    el('lock-clear').hidden = false;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'lockout.not_found') say('lock-result', `Self-service recovery of ${username} is not locked.`);
    else handle(err, 'lock-result');
  } finally {
    busy(button, false);
  }
}

async function clearLock(button: HTMLButtonElement): Promise<void> {
  if (!lookedUp) return;
  busy(button, true);
  try {
    await call(`/v1/admin/lockouts/${encodeURIComponent(lookedUp)}`, { method: 'DELETE', token: token() });
    say('lock-result', `The lock on ${lookedUp} is cleared.`);
    button.hidden = true;
  } catch (err) {
    handle(err, 'lock-result');
  } finally {
    busy(button, false);
  }
}

let tabs: ConsoleTabs;

function open(c: Credential): void {
  el('signed-in-as').textContent = describe(c);
  showStep('step-admin', 'Administration');
  tabs.open();
}

function main(): void {
  el<HTMLFormElement>('key-create').addEventListener('submit', (e) => {
    e.preventDefault();
    void createKey(el('key-create-submit'));
  });
  el<HTMLFormElement>('lock-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void lookUpLock(el('lock-submit'));
  });
  el('lock-clear').addEventListener('click', () => void clearLock(el('lock-clear')));
  const passkeyProfiles = passkeyProfilesView(admin);
  const recoveryProfiles = recoveryProfilesView(admin);
  const funnel = funnelView(admin);
  const audit = auditView(admin);
  tabs = consoleTabs([
    {
      id: 'access',
      show: () => {
        void loadKeys();
        void loadSessions();
      },
    },
    { id: 'passkey-profiles', show: () => void passkeyProfiles.load() },
    { id: 'recovery-profiles', show: () => void recoveryProfiles.load() },
    { id: 'funnel', show: () => void funnel.load() },
    { id: 'audit', show: () => void audit.load() },
  ]);
  page = staffPage({ role: 'admin', storage: STORAGE, returnTo: '/admin', roleLabel: 'admin', title: 'Administrator sign-in', open });
  void page.signIn(null);
}

main();
