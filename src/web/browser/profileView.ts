/**
 * One list of profiles in the admin console (passkey profiles, recovery profiles): listed in the
 * order the service applies them, edited as JSON checked against the profile schema before it is
 * sent, created, deleted after a confirmation, and moved up or down. What differs between the two
 * kinds (their columns, a new profile's template, how an order is saved) comes in a ProfileKind.
 * The elements are in admin.html, their ids starting with the kind's prefix.
 */
import type * as z from 'zod';
import { ApiError, call, type ProblemIssue } from './api';
import { actionButton, cellRow, sayIssues, type Admin } from './adminKit';
import { byPriority, moved, type Ranked } from './profileOrder';
import { busy, el, say } from './ui';

export interface ProfileKind<P extends Ranked> {
  /** The prefix of this list's element ids in admin.html. */
  prefix: string;
  /** The collection's API path, e.g. /v1/admin/passkey-profiles. */
  path: string;
  /** "passkey profile". */
  noun: string;
  list: z.ZodType<{ items: P[] }>;
  /** The request body: checked before sending; its keys are what the editor shows of a profile. */
  body: z.ZodObject;
  name: z.ZodType<string>;
  /** What a new profile starts from. */
  template(profiles: readonly P[]): Record<string, unknown>;
  /** The row's cells after its place in the order. */
  cells(p: P): Array<string | Node>;
  /** Saves `ordered` as the new order. */
  reorder(ordered: readonly P[]): Promise<void>;
  /** After every change (e.g. the passkey compliance report). */
  changed?(): void;
}

const DEFAULT = 'default';

/** Only a body's fields of a profile as read: the name is the URL, and anything else the service added it would refuse. */
export function bodyFields(body: z.ZodObject, profile: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(body.shape)
      .filter((k) => k in profile)
      .map((k) => [k, (profile as Record<string, unknown>)[k]]),
  );
}
const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function profileView<P extends Ranked>(kind: ProfileKind<P>, admin: Admin) {
  const id = (suffix: string) => `${kind.prefix}-${suffix}`;
  const q = <T extends HTMLElement = HTMLElement>(suffix: string) => el<T>(id(suffix));
  let profiles: P[] = [];
  /** The profile in the editor (null: a new one). */
  let editing: string | null = null;
  let deleting: string | null = null;

  const bodyOf = (p: P) => bodyFields(kind.body, p);

  async function load(): Promise<void> {
    try {
      const { items } = kind.list.parse(await call<unknown>(kind.path, { token: admin.token() }));
      profiles = items.slice().sort(byPriority);
      q('unavailable').hidden = true;
      q('content').hidden = false;
      render();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.code === 'request.not_found') return unavailable();
      admin.failed(err, id('error'));
    }
  }

  /** This service has no such API yet: say so instead of an error. */
  function unavailable(): void {
    q('unavailable').hidden = false;
    q('content').hidden = true;
  }

  /** The place in the order, with the buttons that change it. */
  function orderCell(p: P, i: number): HTMLElement {
    const up = actionButton('↑', `Move ${p.name} up`, () => move(i, -1));
    const down = actionButton('↓', `Move ${p.name} down`, () => move(i, 1));
    up.disabled = i === 0;
    down.disabled = i === profiles.length - 1;
    const place = document.createElement('span');
    place.className = 'place';
    place.textContent = String(i + 1);
    const cell = document.createElement('span');
    cell.className = 'order';
    cell.append(place, up, down);
    return cell;
  }

  function render(): void {
    q('body').replaceChildren(
      ...profiles.map((p, i) => {
        const del = p.name === DEFAULT ? [] : [actionButton('Delete', `Delete ${p.name}`, async () => confirmDelete(p.name))];
        return cellRow(
          [orderCell(p, i), ...kind.cells(p)],
          actionButton('Edit', `Edit ${p.name}`, async () => edit(p)),
          ...del,
        );
      }),
    );
  }

  function edit(p: P | null): void {
    editing = p?.name ?? null;
    q('editor-title').textContent = p ? `Edit ${kind.noun} ${p.name}` : `New ${kind.noun}`;
    const name = q<HTMLInputElement>('name');
    name.value = p?.name ?? '';
    name.readOnly = p !== null;
    q<HTMLTextAreaElement>('json').value = pretty(p ? bodyOf(p) : kind.template(profiles));
    say(id('issues'), null);
    q('editor').hidden = false;
    (p ? q('json') : name).focus();
  }

  function close(): void {
    q('editor').hidden = true;
    editing = null;
  }

  const refuse = (lead: string, issues: ProblemIssue[] = []): null => {
    sayIssues(id('issues'), lead, issues);
    return null;
  };

  /** The name and body to send, or null with the reasons not to send them shown in the editor. */
  function checked(): { name: string; body: unknown } | null {
    const name = kind.name.safeParse(q<HTMLInputElement>('name').value.trim());
    if (!name.success) return refuse('Check the name:', [{ path: 'name', message: name.error.issues[0]?.message ?? 'invalid' }]);
    if (editing === null && profiles.some((p) => p.name === name.data)) return refuse(`A ${kind.noun} named ${name.data} exists already: edit it instead.`);
    let body: unknown;
    try {
      body = JSON.parse(q<HTMLTextAreaElement>('json').value);
    } catch (err) {
      return refuse(`This is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const result = kind.body.safeParse(body);
    if (!result.success)
      return refuse(
        'Not sent; correct these first:',
        result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      );
    return { name: name.data, body };
  }

  async function save(button: HTMLButtonElement): Promise<void> {
    const ready = checked();
    if (!ready) return;
    busy(button, true);
    try {
      // The body as written, not as parsed here: the service applies its own defaults.
      await call(`${kind.path}/${encodeURIComponent(ready.name)}`, { method: 'PUT', token: admin.token(), json: ready.body });
      const done = `${editing === null ? 'Created' : 'Saved'} ${kind.noun} ${ready.name}.`;
      close();
      // Said once the list shows the change.
      await reload();
      say(id('status'), done);
    } catch (err) {
      admin.failed(err, id('issues'));
    } finally {
      busy(button, false);
    }
  }

  function confirmDelete(name: string): void {
    deleting = name;
    q('confirm-text').textContent = `Delete the ${kind.noun} ${name}? The people it covers fall to the next profile that covers them.`;
    q('confirm').hidden = false;
    q('confirm-no').focus();
  }

  async function remove(button: HTMLButtonElement): Promise<void> {
    const name = deleting;
    if (!name) return;
    busy(button, true);
    try {
      await call(`${kind.path}/${encodeURIComponent(name)}`, { method: 'DELETE', token: admin.token() });
      if (editing === name) close();
      await reload();
      say(id('status'), `Deleted ${kind.noun} ${name}.`);
    } catch (err) {
      admin.failed(err, id('error'));
    } finally {
      busy(button, false);
      q('confirm').hidden = true;
      deleting = null;
    }
  }

  async function move(index: number, by: -1 | 1): Promise<void> {
    const ordered = moved(profiles, index, by);
    const name = profiles[index]?.name ?? '';
    let done: string | null = null;
    try {
      await kind.reorder(ordered);
      done = `Moved ${name} ${by < 0 ? 'up' : 'down'}.`;
    } catch (err) {
      admin.failed(err, id('error'));
    }
    await reload(done === null);
    say(id('status'), done);
  }

  /** The list again after a change (keeping an error the change itself just showed). */
  async function reload(keepError = false): Promise<void> {
    if (!keepError) say(id('error'), null);
    await load();
    kind.changed?.();
  }

  q('new').addEventListener('click', () => edit(null));
  q('cancel').addEventListener('click', close);
  q<HTMLFormElement>('editor').addEventListener('submit', (e) => {
    e.preventDefault();
    void save(q('save'));
  });
  q('confirm-yes').addEventListener('click', () => void remove(q('confirm-yes')));
  q('confirm-no').addEventListener('click', () => {
    q('confirm').hidden = true;
    deleting = null;
  });
  return {
    load: () => {
      say(id('status'), null);
      return load();
    },
  };
}
