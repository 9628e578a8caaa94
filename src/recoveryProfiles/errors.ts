/** Error codes of the recovery-profile admin API (codes and statuses in src/errorCodes.ts). */
import { AppError } from '../errors';

export const profileErrors = {
  notFound: () => new AppError('profile.not_found'),
  defaultRequired: () => new AppError('profile.default_required'),
  orderMismatch: (detail: string) => new AppError('profile.order_mismatch', { message: `A reorder must name every recovery profile exactly once: ${detail}.` }),
  unknownHook: (names: string[]) =>
    new AppError('profile.unknown_hook', { message: `CLAIM_HOOKS_FILE defines no hook named ${names.map((n) => `"${n}"`).join(', ')}.` }),
  unknownProvider: (names: string[]) =>
    new AppError('profile.unknown_provider', { message: `This deployment has no vendor ${names.map((n) => `"${n}"`).join(', ')} configured.` }),
};
