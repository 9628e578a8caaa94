/**
 * A Redis client that runs every `command` call twice and hands back the second reply: what
 * ioredis does when a reconnect loses a reply (autoResendUnfulfilledCommands), made deterministic.
 */
import { Redis } from 'ioredis';

export function echoingRedis(command: 'eval' | 'set'): Redis {
  const client = new Redis(process.env.TEST_REDIS_URL as string);
  const once = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
  (client as unknown as Record<string, unknown>)[command] = async (...args: unknown[]) => {
    await once(...args);
    return once(...args);
  };
  return client;
}
