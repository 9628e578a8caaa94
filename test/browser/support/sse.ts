/** A Server-Sent Events reader over fetch for tests: `next()` resolves with the next event. */
export interface SseEvent {
  event: string;
  data: unknown;
}

export interface SseClient {
  status: number;
  contentType: string | null;
  next(): Promise<SseEvent>;
  /** Reads events until one matches, returning it. */
  until(match: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Everything received so far (to check what was never sent). */
  seen: SseEvent[];
  close(): void;
}

export async function openSse(url: string, token: string): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  const seen: SseEvent[] = [];
  let buffer = '';
  const next = async (): Promise<SseEvent> => {
    for (;;) {
      const ready = queue.shift();
      if (ready) return ready;
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) {
          const parsed = { event, data: JSON.parse(data) as unknown };
          queue.push(parsed);
          seen.push(parsed);
        }
        end = buffer.indexOf('\n\n');
      }
    }
  };
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    next,
    async until(match) {
      for (;;) {
        const e = await next();
        if (match(e)) return e;
      }
    },
    seen,
    close: () => controller.abort(),
  };
}
