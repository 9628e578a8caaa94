/**
 * Which vendor a verification is submitted to. The order is the recovery's primary vendor, then
 * the routing list for the document's issuing country if one is configured (IDV_ROUTES), then
 * IDV_FALLBACK_PROVIDERS. A retried job moves down the chain after `failoverAfter` failed tries at
 * one vendor, and skips any vendor whose circuit is open. Once a vendor has accepted a submission
 * the verification stays with it: switching then would pay for the same check twice.
 */
import type { ProviderName } from '../../providers/contract';

export interface ChainSettings {
  fallbacks: ProviderName[];
  routes: Record<string, ProviderName[]>;
  failoverAfter: number;
}

export function providerChain(primary: ProviderName, country: string | null, s: ChainSettings): ProviderName[] {
  const routed = country ? (s.routes[country.toUpperCase()] ?? []) : [];
  const ordered = routed.length > 0 ? [...routed, primary, ...s.fallbacks] : [primary, ...s.fallbacks];
  return [...new Set(ordered)];
}

/** The vendor to try on this job attempt (0-based `attemptsMade`), given which circuits are open. */
export function pickProvider(chain: ProviderName[], attemptsMade: number, s: ChainSettings, isOpen: (p: ProviderName) => boolean): ProviderName | null {
  const start = Math.min(Math.floor(attemptsMade / Math.max(1, s.failoverAfter)), chain.length - 1);
  const rotated = [...chain.slice(start), ...chain.slice(0, start)];
  return rotated.find((p) => !isOpen(p)) ?? null;
}

/** `USA=lexisnexis,au10tix;ESP=idemia` → { USA: [...], ESP: [...] } */
export function parseRoutes(value: string, valid: readonly string[]): Record<string, ProviderName[]> {
  const routes: Record<string, ProviderName[]> = {};
  for (const entry of value
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [country, list] = entry.split('=');
    if (!country || !list || !/^[A-Za-z]{3}$/.test(country.trim())) throw new Error(`bad IDV_ROUTES entry "${entry}"`);
    const providers = list.split(',').map((p) => p.trim());
    for (const p of providers) if (!valid.includes(p)) throw new Error(`IDV_ROUTES names unknown provider "${p}"`);
    routes[country.trim().toUpperCase()] = providers;
  }
  return routes;
}
