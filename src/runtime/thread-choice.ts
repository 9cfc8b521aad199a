// Which version of each message a session shows. ← / → on a message with
// versions (openBranch) records the choice for that message's parent; the
// thread shown goes through the chosen version at each message that has one
// and through the newest version elsewhere, in the session and when it is
// opened again. The choices are kept in the settings table under
// `chat.thread.<session id>`, with the session's newest message at the time:
// once something is written in the session after them, the newest thread is
// where the user was last and the choices are dropped.
import type { JsonValue, Message } from '../domain/session.js';

/** Parent message id (the empty string for the first messages) -> the version chosen under it. */
export type Choices = Readonly<Record<string, string>>;

/** The settings key of a session's choices. */
export function threadKey(sessionId: string): string {
  return `chat.thread.${sessionId}`;
}

const newestId = (all: readonly Message[]) => all.at(-1)?.id ?? null;

/** The choices saved for a session, or none when something was written since (or nothing valid is saved). */
export function savedChoices(saved: JsonValue | undefined, all: readonly Message[]): Choices {
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) return {};
  const { choices, newest } = saved as Readonly<Record<string, JsonValue>>;
  if (newest !== newestId(all) || choices === null || typeof choices !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(choices as Readonly<Record<string, JsonValue>>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

/** `choices` with the version `storeId` chosen, as saved (with the session's newest message). */
export function choose(
  choices: Choices,
  all: readonly Message[],
  storeId: string,
): { readonly choices: Choices; readonly saved: JsonValue } {
  const m = all.find((x) => x.id === storeId);
  const next = m === undefined ? choices : { ...choices, [m.parentId ?? '']: storeId };
  return { choices: next, saved: { newest: newestId(all), choices: next } };
}

/**
 * The last message of the thread through `start` (the whole tree when
 * undefined): below it, the chosen version at each message that has one,
 * else the version that leads to the newest message. Undefined for an empty session.
 */
export function chosenLeaf(
  start: string | undefined,
  all: readonly Message[],
  choices: Choices,
): string | undefined {
  const kids = new Map<string, string[]>();
  for (const m of all) {
    const k = m.parentId ?? '';
    const list = kids.get(k) ?? [];
    list.push(m.id);
    kids.set(k, list);
  }
  // The newest message below each one (by position: messages come in the
  // order they were written, so walking backwards meets children first).
  const newest = new Map<string, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const m = all[i];
    if (m === undefined) continue;
    const own = newest.get(m.id) ?? i;
    newest.set(m.id, own);
    const p = m.parentId ?? '';
    newest.set(p, Math.max(newest.get(p) ?? -1, own));
  }
  const rank = (id: string) => newest.get(id) ?? -1;
  let cur = start ?? '';
  for (;;) {
    const ks = kids.get(cur);
    if (ks === undefined || ks.length === 0) return cur === '' ? undefined : cur;
    const chosen = choices[cur];
    cur =
      chosen !== undefined && ks.includes(chosen)
        ? chosen
        : ks.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  }
}
