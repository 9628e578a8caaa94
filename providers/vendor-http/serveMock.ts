/**
 * Listens with a mock vendor app on a loopback port (0 = the kernel picks a free one) and closes it
 * hard: `closeAllConnections` also ends requests the sandbox's `timeout` fault is holding, so
 * `close()` never waits for them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { EvidenceAnalysis, EvidenceImages } from '../mock-kit/types';
import type { SandboxStats, VendorSandbox, VendorSandboxOptions } from '../mock-kit/vendorSandbox';

export interface ServeOptions {
  /** Default 127.0.0.1: the mocks are never meant to be reachable from other machines. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

export interface ServedMock {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveMock(app: Express, options: ServeOptions = {}): Promise<ServedMock> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The evidence engine every mock calls; tests may swap it, the default is `analyzeEvidence`. */
export type AnalyzeFn = (images: EvidenceImages, now: Date) => Promise<EvidenceAnalysis>;

/** Options every mock vendor server takes. */
export interface MockServerOptions extends ServeOptions {
  /** Default: `analyzeEvidence` from providers/mock-kit. */
  analyze?: AnalyzeFn;
  /** Injected clock (docs/references.md, "Code style"). Default `() => new Date()`. */
  now?: () => Date;
  /** How long a submission stays "processing" before its verdict is visible, ms. Default 1500. */
  processingDelayMs?: number;
  sandbox?: VendorSandboxOptions;
}

/** What every started mock exposes. */
export interface RunningMock extends ServedMock {
  sandbox: VendorSandbox;
  stats(): SandboxStats;
}
