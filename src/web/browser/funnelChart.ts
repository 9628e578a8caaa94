/**
 * The funnel of one vendor as an inline SVG bar chart, built here rather than by a chart library:
 * one bar per stage, its length proportional to the count, the count (and its share of the
 * recoveries started) written after it. Geometry goes in SVG attributes and colours in the page's
 * stylesheet (.funnel-*), so the strict CSP (no inline styles) holds. Each bar carries its stage
 * and count as data attributes, and a <title> for screen readers and tooltips.
 */
import type { FunnelStages } from '../../reports/funnelSchema';

const SVG = 'http://www.w3.org/2000/svg';

/** The stages in funnel order, as the console names them. */
export const STAGE_LABELS: Record<keyof FunnelStages, string> = {
  started: 'Started',
  evidenceSubmitted: 'Evidence submitted',
  vendorVerdict: 'Vendor verdict',
  accountMatched: 'Account matched',
  credentialIssued: 'Access pass issued',
  enrolled: 'Passkey enrolled',
  completed: 'Completed',
};

const WIDTH = 640;
const ROW = 34;
const LABEL = 170;
const BAR_MAX = 360;

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

const share = (count: number, started: number) => (started > 0 ? ` (${Math.round((count / started) * 100)} %)` : '');

export function funnelChart(provider: string, stages: FunnelStages): SVGSVGElement {
  const entries = Object.entries(STAGE_LABELS) as Array<[keyof FunnelStages, string]>;
  const max = Math.max(1, ...entries.map(([k]) => stages[k]));
  const svg = node('svg', { class: 'funnel-chart', viewBox: `0 0 ${WIDTH} ${entries.length * ROW}`, role: 'img', 'data-provider': provider });
  svg.append(node('title', {}, `Funnel of ${provider}: ${entries.map(([k, label]) => `${label} ${stages[k]}`).join(', ')}`));
  entries.forEach(([key, label], i) => {
    const count = stages[key];
    const y = i * ROW;
    const width = Math.round((count / max) * BAR_MAX);
    svg.append(node('text', { class: 'funnel-label', x: LABEL - 10, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, label));
    const bar = node('rect', { class: 'funnel-bar', x: LABEL, y: y + 6, width, height: ROW - 12, rx: 3, 'data-stage': key, 'data-count': count });
    bar.append(node('title', {}, `${label}: ${count}`));
    svg.append(bar);
    const text = `${count}${i > 0 ? share(count, stages.started) : ''}`;
    svg.append(node('text', { class: 'funnel-count', x: LABEL + width + 8, y: y + ROW / 2, 'dominant-baseline': 'middle', 'data-stage': key }, text));
  });
  return svg;
}
