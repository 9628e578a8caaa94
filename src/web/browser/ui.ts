/** Small DOM helpers shared by the pages: one visible step at a time, focus on its heading. */

export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing element #${id}`);
  return found as T;
}

/** Shows one `<section class="step">`, hides the others, and moves focus to its heading for screen readers. */
export function showStep(id: string, title?: string): void {
  document.querySelectorAll<HTMLElement>('section.step').forEach((section) => {
    section.hidden = section.id !== id;
  });
  const heading = el(id).querySelector<HTMLElement>('h1, h2');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
  if (title) document.title = `${title} · Account recovery`;
  document.body.dataset.step = id;
}

/** Writes a message into an alert region (`role="alert"`), or clears it. */
export function say(id: string, message: string | null): void {
  const region = el(id);
  region.textContent = message ?? '';
  region.hidden = !message;
}

export function busy(button: HTMLButtonElement, on: boolean): void {
  button.disabled = on;
  button.setAttribute('aria-busy', String(on));
}

export async function copyText(text: string, input?: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select(); // clipboard blocked (permissions, http): leave it selected for Ctrl+C
    return false;
  }
}
