/** The shape of an outbox message and of a transport. No imports of the context or of transports. */
import { z } from 'zod';

export const OutboundMessageSchema = z.object({
  /** Stable per (job, recipient): a retried job re-sends only what was not delivered. */
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  recoveryId: z.string().nullable(),
  createdAt: z.number(),
});
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;

export interface Transport {
  readonly name: 'smtp' | 'local';
  send(message: OutboundMessage): Promise<void>;
  close(): void;
}
