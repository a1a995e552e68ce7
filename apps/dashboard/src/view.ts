// What every section gets, and gives back.
import type { Api } from './api.js';
import { Unauthorized } from './api.js';
import type { Charts } from './charts.js';
import { note, type Formats } from './dom.js';
import { errorText } from './errors.js';
import type { Feeds } from './feeds.js';
import type { Lang, Text } from './i18n.js';
import type { SiteLayout } from './types.js';

export interface Context {
  api: Api;
  text: Text;
  lang: Lang;
  site: SiteLayout;
  formats: Formats;
  feeds: Feeds;
  charts: Charts;
}

export interface View {
  element: HTMLElement;
  /** Stops timers and listeners when the manager leaves the section. */
  dispose?(): void;
}

export type ViewFactory = (context: Context) => View;

/**
 * Fills `box` with what `render` makes of the loaded data, or a message when loading failed.
 * A 401 shows nothing here: the whole page goes back to the login form.
 */
export async function fill<T>(box: HTMLElement, text: Text, load: () => Promise<T>, render: (data: T) => Node | Node[]): Promise<void> {
  box.replaceChildren(note('info', text.loading));
  try {
    const rendered = render(await load());
    box.replaceChildren(...(Array.isArray(rendered) ? rendered : [rendered]));
  } catch (error) {
    if (error instanceof Unauthorized) return;
    box.replaceChildren(note('error', `${text.loadFailed} (${error instanceof Error ? error.message : String(error)})`));
  }
}

/** A message for a failed action, in the page's language (errors.ts). */
export function failure(text: Text, error: unknown, conflict?: string): string {
  return errorText(text, error, conflict);
}
