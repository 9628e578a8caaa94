/**
 * The embedded S3-compatible store (s3rver) used when S3_ENDPOINT is unset.
 * s3rver does not verify signatures and ignores SSE (docs/references.md, "Local stand-ins: s3rver quirks", quirk 3): evidence is encrypted by
 * the service itself, so nothing here relies on the store's own security.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface S3rverChild {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startS3rverChild(bucket: string): Promise<S3rverChild> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'recovery-s3-'));
  const script = path.join(__dirname, 's3rverProcess.js');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, directory, bucket], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('s3rver did not start within 15 s')), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /PORT (\d+)/.exec(buffered);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // keep the event loop alive until it has exited (see redisChild.ts)
        child.stdin.end();
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
