/** Submit, then poll `fetchResult` (bounded) for asynchronous vendors; every answer must satisfy the contract's schema. */
import { IdvResultSchema, type IdvProvider, type IdvResult, type SubmitInput } from '../contract';

export async function verify(provider: IdvProvider, input: SubmitInput): Promise<IdvResult> {
  const { vendorRef, result } = await provider.submit(input);
  return verifyRef(provider, vendorRef, result);
}

export async function verifyRef(provider: IdvProvider, vendorRef: string, result?: IdvResult): Promise<IdvResult> {
  if (result) return IdvResultSchema.parse(result);
  for (let attempt = 0; attempt < 400; attempt++) {
    const fetched = await provider.fetchResult(vendorRef);
    if (fetched) return IdvResultSchema.parse(fetched);
    await new Promise((resolve) => setTimeout(resolve, 25)); // waiting for the vendor, not for time to pass
  }
  throw new Error(`no result for ${vendorRef} after 400 polls`);
}
