/**
 * Profile order for the admin console (no DOM here, so jest tests it directly): profiles sorted
 * as the service applies them, a profile moved one place, and, for passkey profiles (which have
 * no order endpoint), the `priority` values that give a new order.
 */
export interface Ranked {
  name: string;
  priority: number;
}

/** Lower priority first; ties by name, as the service breaks them. */
export const byPriority = (a: Ranked, b: Ranked): number => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `items` with the one at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const out = items.slice();
  const other = index + by;
  if (index < 0 || other < 0 || other >= out.length) return out;
  [out[index], out[other]] = [out[other] as T, out[index] as T];
  return out;
}

const MAX_PRIORITY = 10_000;

/**
 * The priorities for profiles now in `ordered`, as few of them changed as possible: the values
 * already in use, smallest first, given in the new order (a move up or down swaps two values);
 * where two were equal the later one is raised by one, since a tie would let the names decide.
 * Returns only the profiles whose priority changes.
 */
export function newPriorities(ordered: readonly Ranked[]): Map<string, number> {
  const values = ordered.map((p) => p.priority).sort((a, b) => a - b);
  let next = values.slice();
  for (let i = 1; i < next.length; i++) next[i] = Math.max(next[i] as number, (next[i - 1] as number) + 1);
  // Ties at the very top would need values over the limit: spread the whole list over the range instead.
  if ((next.at(-1) ?? 0) > MAX_PRIORITY) next = ordered.map((_, i) => Math.floor((i * MAX_PRIORITY) / Math.max(1, ordered.length - 1)));
  const changed = new Map<string, number>();
  ordered.forEach((p, i) => {
    if (next[i] !== p.priority) changed.set(p.name, next[i] as number);
  });
  return changed;
}
