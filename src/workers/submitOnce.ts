/**
 * The core's double-billing guard (docs/providers.md, "Billing and retries"). A vendor with
 * idempotency keys de-duplicates a re-sent submission itself. One without them (capability
 * `idempotency: 'emulated'`) would open, and bill, a second transaction for a retry after an
 * "unknown delivery" (a time-out, a reset, a 500: the first may have been accepted) or after a
 * worker died mid-send. So its adapter tags each transaction with our key, and before any
 * re-send of a key the guard asks the vendor for the transaction carrying it: found, it is resumed
 * instead of submitted again.
 */
import type { IdvProvider, SubmitInput, SubmitOutcome } from '../../providers/contract';
import type { SubmissionMarks } from '../stores/submissionMarkStore';

export async function submitOnce(provider: IdvProvider, input: SubmitInput, marks: SubmissionMarks): Promise<SubmitOutcome> {
  if (!provider.findSubmission) return provider.submit(input);
  const first = await marks.markSending(provider.name, input.idempotencyKey);
  if (!first) {
    const vendorRef = await provider.findSubmission(input.idempotencyKey);
    // The caller fetches the result of a resumed transaction (it may be finished already).
    if (vendorRef !== null) return { vendorRef };
  }
  return provider.submit(input);
}
