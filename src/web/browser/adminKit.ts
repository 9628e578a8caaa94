/**
 * What the admin console's views share: the signed-in administrator (the token to send, and what
 * to do when it is refused), table rows with one action cell, buttons that show they are busy,
 * and alert regions that can list the fields a request got wrong.
 */
import { ApiError, explain, type ProblemIssue } from './api';
import { busy, el, say } from './ui';

export interface Admin {
  /** The bearer token to send (a key), or null (the session cookie goes by itself). */
  token(): string | null;
  /** Shows an error in `region`; a 401 (key refused, session ended) goes back to sign-in instead. */
  failed: (err: unknown, region: string) => void;
}

export const when = (iso: string) => new Date(iso).toLocaleString();

/** A table row of text cells (or ready-made nodes). */
export function textRow(cells: Array<string | Node>): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const content of cells) {
    const td = document.createElement('td');
    td.append(content);
    tr.append(td);
  }
  return tr;
}

/** A table row: text cells (or ready-made nodes), then one cell holding the actions. */
export function cellRow(cells: Array<string | Node>, ...actions: HTMLElement[]): HTMLTableRowElement {
  const tr = textRow(cells);
  const td = document.createElement('td');
  td.className = 'actions';
  td.append(...actions);
  tr.append(td);
  return tr;
}

export function actionButton(label: string, accessibleName: string, run: (b: HTMLButtonElement) => Promise<void>): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'secondary';
  b.textContent = label;
  b.setAttribute('aria-label', accessibleName);
  b.addEventListener('click', () => {
    busy(b, true);
    void run(b).finally(() => busy(b, false));
  });
  return b;
}

/** Writes `lead` and, under it, one line per refused field into an alert region (or clears it). */
export function sayIssues(region: string, lead: string | null, issues: readonly ProblemIssue[] = []): void {
  say(region, lead);
  if (!lead || issues.length === 0) return;
  const list = document.createElement('ul');
  list.className = 'issues';
  for (const issue of issues) {
    const li = document.createElement('li');
    const where = document.createElement('code');
    where.textContent = issue.path || '(the whole document)';
    li.append(where, `: ${issue.message}`);
    list.append(li);
  }
  el(region).append(list);
}

/** An API error as the console shows it: the problem's title, or the fields it names. */
export function sayProblem(region: string, err: unknown): void {
  if (err instanceof ApiError && err.issues.length > 0) return sayIssues(region, 'The service refused it:', err.issues);
  say(region, explain(err));
}

/** A 401 means the key or the session is gone: back to sign-in. Anything else is shown where it happened. */
export function failureHandler(refused: () => void): (err: unknown, region: string) => void {
  return (err, region) => {
    if (err instanceof ApiError && err.status === 401) return refused();
    sayProblem(region, err);
  };
}

/** `<span class="badge …">text</span>`. */
export function badge(text: string, className: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `badge ${className}`;
  span.textContent = text;
  return span;
}
