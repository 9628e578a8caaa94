/** Moving a profile in the admin console (src/web/browser/profileOrder.ts): the order, and the fewest priorities rewritten. */
import { byPriority, moved, newPriorities } from '../../src/web/browser/profileOrder';

const ranked = (...pairs: Array<[string, number]>) => pairs.map(([name, priority]) => ({ name, priority }));

describe('profile order', () => {
  it('sorts by priority, then by name', () => {
    expect(
      ranked(['b', 10], ['a', 10], ['c', 1])
        .sort(byPriority)
        .map((p) => p.name),
    ).toEqual(['c', 'a', 'b']);
  });

  it('moves one place, and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('a move swaps the two priorities and leaves the others alone', () => {
    const ordered = moved(ranked(['tier0', 10], ['staff', 100], ['default', 1000]), 1, -1);
    expect(newPriorities(ordered)).toEqual(
      new Map([
        ['staff', 10],
        ['tier0', 100],
      ]),
    );
  });

  it('a tie is broken by raising the later profile by one', () => {
    const ordered = moved(ranked(['a', 100], ['b', 100], ['default', 1000]), 1, -1);
    expect(newPriorities(ordered)).toEqual(new Map([['a', 101]]));
  });

  it('ties at the top of the range spread the whole list over it', () => {
    const changed = newPriorities(ranked(['a', 10_000], ['b', 10_000]));
    expect(changed).toEqual(new Map([['a', 0]]));
  });

  it('an order that already holds needs no change', () => {
    expect(newPriorities(ranked(['a', 1], ['b', 2]))).toEqual(new Map());
  });
});
