/**
 * Test helpers for passkey enrollment (API and browser suites): a recovery taken to
 * `access_pass_issued` through the real pipeline, the access pass read once, and audit entries.
 * (Lives here because test/support belongs to another area; it would fit there.)
 */
import type { Harness } from '../../support/harness';
import { recover, status } from '../../support/journey';
import { loadIdentity } from '../../fixtures/identities';

export interface IssuedPass {
  recoveryId: string;
  recoveryToken: string;
  code: string;
}

/** Starts a recovery for `username` with the fixture's selfie and ID and reveals its access pass. */
export async function issueAccessPass(h: Harness, username: string, fixture: string): Promise<IssuedPass> {
  const { id, token } = await recover(h, username, loadIdentity(fixture));
  const res = await status(h, id, token).expect(200);
  const body = res.body as { status: string; accessPass?: { code: string } };
  if (body.status !== 'access_pass_issued' || !body.accessPass) throw new Error(`recovery for ${username} ended ${JSON.stringify(body)}`);
  return { recoveryId: id, recoveryToken: token, code: body.accessPass.code };
}

export interface AuditRow {
  type: string;
  recoveryId: string;
  username: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Audit entries of one type, oldest first. */
export async function auditEntries(h: Harness, type: string): Promise<AuditRow[]> {
  const rows = await h.ctx.audit.after(null, 100_000);
  return rows
    .map(([, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
      return {
        type: f.type ?? '',
        recoveryId: f.recoveryId ?? '',
        username: f.username ?? '',
        actor: f.actor ?? '',
        data: JSON.parse(f.data ?? '{}') as Record<string, unknown>,
      };
    })
    .filter((row) => row.type === type);
}
