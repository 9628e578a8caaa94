/**
 * What a vendor gets besides the images, and only what its descriptor declares it needs
 * (providers/descriptor.ts capabilities; data minimisation, GDPR Art. 5(1)(c)): the account's
 * names as the directory holds them, and the document kind and country the claimant declared.
 */
import type { ClaimantData } from '../../providers/contract';
import type { ProviderCapabilities } from '../../providers/descriptor';
import type { DirectoryConnector } from '../connectors/directory';
import type { VerificationRecord } from '../recovery/verificationRecord';

export async function claimantFor(
  directory: Pick<DirectoryConnector, 'findAccount'>,
  capabilities: ProviderCapabilities,
  username: string,
  verification: Pick<VerificationRecord, 'documentType'>,
  country: string | null,
): Promise<ClaimantData | undefined> {
  if (!capabilities.needsClaimantName && !capabilities.needsDocumentType) return undefined;
  // An unknown account gets `null`, not a made-up name: the verification still runs (an unknown
  // account must end exactly like a mismatched one) and is declined at the account match.
  // '' = an identity verification that names no account (recovery/startVerification.ts).
  const account = capabilities.needsClaimantName && username ? await directory.findAccount(username) : null;
  return {
    ...(capabilities.needsClaimantName ? { name: account ? { givenName: account.givenName, familyName: account.familyName } : null } : {}),
    ...(capabilities.needsDocumentType ? { document: { type: verification.documentType ?? null, country } } : {}),
  };
}
