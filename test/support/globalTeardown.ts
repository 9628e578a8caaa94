interface Stoppable {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__recoveryServices as { redis: Stoppable; s3: Stoppable } | undefined;
  await services?.s3.stop();
  await services?.redis.stop();
}
