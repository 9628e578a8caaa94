/**
 * The bench's directory users: `bench.user.<i>`, each named "Bench User<i>" (distinct names: the
 * service sends a verdict that matches two same-name accounts to a reviewer).
 */
export const benchUser = (i: number) => `bench.user.${i}`;

/** The family name of a bench username, as the simulated vendor reads it off the "document". */
export function benchFamilyName(username: string): string {
  return `User${username.split('.').pop() ?? ''}`;
}
