/**
 * Reads a Server-Sent Events stream with fetch(), so the bearer token goes in the Authorization
 * header and never in a URL (EventSource cannot send headers). Reconnects after a dropped or
 * recycled stream until stopped; the server re-sends the current state on every connect.
 */
import { problemOf } from './api';

export interface StreamHandle {
  stop(): void;
}

export type EventHandler = (event: string, data: unknown) => void;

/** `token` null: a staff member signed in with their organisation; the session cookie goes along by itself. */
export function followEvents(path: string, token: string | null, onEvent: EventHandler, onFatal: (err: Error) => void): StreamHandle {
  const controller = new AbortController();
  let retryMs = 1000;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
        const res = await fetch(path, { headers, signal: controller.signal, cache: 'no-store' });
        if (!res.ok || !res.body) {
          const err = problemOf(res.status, await res.json().catch(() => null));
          if (res.status >= 400 && res.status < 500) return onFatal(err);
          throw err;
        }
        retryMs = 1000;
        await readStream(res.body, onEvent);
      } catch (err) {
        if (controller.signal.aborted) return;
        if (!(err instanceof Error)) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, 15_000);
    }
  };
  void run();
  return { stop: () => controller.abort() };
}

async function readStream(body: ReadableStream<Uint8Array>, onEvent: EventHandler): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      dispatch(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
}

/** One event block: `event:` and `data:` lines; comment lines (heartbeats) start with ":". */
function dispatch(block: string, onEvent: EventHandler): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.join('\n'));
  } catch {
    return; // a malformed event is skipped; the next one carries the full state again
  }
  onEvent(event, parsed);
}
