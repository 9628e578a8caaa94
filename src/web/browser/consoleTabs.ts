/**
 * The admin console's sections as tabs (WAI-ARIA tabs pattern, automatic activation): one panel
 * visible at a time, arrow keys move between tabs, and the URL's fragment names the open one so a
 * reload or a shared link opens the same section. Each tab's `show` runs whenever it is opened, so
 * a section always shows fresh data.
 */
export interface ConsoleTab {
  /** The fragment and the element ids: `tab-<id>` and `panel-<id>`. */
  id: string;
  show: () => void;
}

export interface ConsoleTabs {
  /** Opens the tab the URL names (or the first). */
  open(): void;
}

export function consoleTabs(tabs: readonly ConsoleTab[]): ConsoleTabs {
  const tabEl = (id: string) => document.getElementById(`tab-${id}`) as HTMLButtonElement;
  let current: string | null = null;

  function select(id: string, focus: boolean): void {
    const tab = tabs.find((t) => t.id === id) ?? tabs[0];
    if (!tab) return;
    current = tab.id;
    for (const t of tabs) {
      const selected = t.id === tab.id;
      tabEl(t.id).setAttribute('aria-selected', String(selected));
      tabEl(t.id).tabIndex = selected ? 0 : -1;
      (document.getElementById(`panel-${t.id}`) as HTMLElement).hidden = !selected;
    }
    if (focus) tabEl(tab.id).focus();
    history.replaceState(null, '', `#${tab.id}`);
    tab.show();
  }

  function onKey(e: KeyboardEvent): void {
    const at = tabs.findIndex((t) => t.id === current);
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: tabs.length - 1 - at }[e.key];
    if (step === undefined || at < 0) return;
    e.preventDefault();
    const next = tabs[(at + step + tabs.length) % tabs.length];
    if (next) select(next.id, true);
  }

  for (const t of tabs) {
    tabEl(t.id).addEventListener('click', () => select(t.id, false));
    tabEl(t.id).addEventListener('keydown', onKey);
  }
  return { open: () => select(location.hash.slice(1), false) };
}
