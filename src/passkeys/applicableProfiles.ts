/**
 * The passkey profiles that decide for one person, under the deployment's selection mode
 * (PASSKEY_PROFILE_SELECTION; evaluateProfiles.ts explains both). Registration, the options sent
 * to the browser, the compliance report and sign-in all ask here, so they never disagree.
 */
import type { AppContext } from '../context';
import type { PasskeyProfile } from './profileSchema';
import { profilesFor } from './evaluateProfiles';

export async function applicableProfiles(ctx: AppContext, groups: readonly string[]): Promise<PasskeyProfile[]> {
  return profilesFor(await ctx.passkeyProfiles.list(), groups, ctx.config.PASSKEY_PROFILE_SELECTION);
}
