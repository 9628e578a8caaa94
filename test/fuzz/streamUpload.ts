/**
 * Streams a huge request body chunk by chunk (one reused 64 KiB buffer, honouring backpressure)
 * and stops as soon as the server answers: nothing the size of the body ever exists in this
 * process on the client side, so any RSS growth is the server's. Peak RSS is sampled meanwhile.
 */
import http from 'node:http';

export interface StreamResult {
  status: number;
  code: string | null;
  ms: number;
  sentBytes: number;
  peakRssGrowth: number;
}

export interface StreamOptions {
  method?: string;
  headers: Record<string, string>;
  /** Sent first (e.g. the multipart preamble of a file part). */
  head?: Buffer;
  totalBytes: number;
  /** Declare Content-Length up front (true) or send chunked (false). */
  declareLength: boolean;
  fill?: number;
}

export function streamUpload(url: string, o: StreamOptions): Promise<StreamResult> {
  const chunk = Buffer.alloc(64 * 1024, o.fill ?? 0x61);
  const headers = { ...o.headers, ...(o.declareLength ? { 'content-length': String(o.totalBytes) } : {}) };
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: o.method ?? 'POST', headers });
    const done = (status: number, code: string | null) => {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      resolve({ status, code, ms: Date.now() - started, sentBytes: sent, peakRssGrowth: peak - rss0 });
    };
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        let code: string | null = null;
        try {
          code = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { code?: string }).code ?? null;
        } catch {
          /* not JSON */
        }
        req.destroy();
        done(res.statusCode ?? 0, code);
      });
    });
    req.on('error', (err) => {
      if (!answered) {
        clearInterval(sampler);
        reject(err);
      }
    });
    const pump = () => {
      while (!answered && sent < o.totalBytes) {
        const piece = sent === 0 && o.head ? o.head : chunk.subarray(0, Math.min(chunk.length, o.totalBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
