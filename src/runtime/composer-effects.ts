// The composer's effects: a session's system prompt and sampling stored in
// its settings, prompt templates through the store, and commands run by
// slash commands. Each answer goes back as an action; a failure becomes a
// notice that says what was being done.
import type { Action, Effect, TemplateItem } from '../app/index.js';
import type { JsonObject, JsonValue, PromptTemplate } from '../domain/session.js';
import type { SessionStore } from '../domain/store.js';
import type { AppPorts } from '../domain/ports.js';

export type ComposerEffect = Extract<
  Effect,
  {
    type:
      'saveSessionSettings' | 'loadTemplates' | 'saveTemplate' | 'deleteTemplate' | 'runCommand';
  }
>;

const COMPOSER_EFFECTS: ReadonlySet<Effect['type']> = new Set([
  'saveSessionSettings',
  'loadTemplates',
  'saveTemplate',
  'deleteTemplate',
  'runCommand',
]);

export function isComposerEffect(e: Effect): e is ComposerEffect {
  return COMPOSER_EFFECTS.has(e.type);
}

export const templateItem = (t: PromptTemplate): TemplateItem => ({
  id: t.id,
  name: t.name,
  body: t.body,
  ...(t.description !== null && t.description !== '' ? { description: t.description } : {}),
});

/** `next` over `old`: keys set to null are dropped, other keys of the session stay. */
export function mergeSettings(old: JsonObject, next: JsonObject): JsonObject {
  const merged: Record<string, JsonValue> = { ...old, ...next };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null));
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class ComposerEffects {
  constructor(
    private readonly ports: () => AppPorts,
    private readonly dispatch: (a: Action) => void,
  ) {}

  private notice(level: 'info' | 'error', text: string): void {
    this.dispatch({ type: 'notice', level, text });
  }

  async exec(e: ComposerEffect): Promise<void> {
    if (e.type === 'runCommand') {
      this.dispatch({ type: 'command', id: e.id });
      return;
    }
    const store = this.ports().store;
    if (store === undefined) {
      this.notice('error', 'No session store in this run: nothing can be saved');
      return;
    }
    try {
      await this.withStore(store, e);
    } catch (err) {
      const what =
        e.type === 'saveSessionSettings'
          ? 'Saving the chat settings failed'
          : e.type === 'loadTemplates'
            ? 'Loading the templates failed'
            : e.type === 'saveTemplate'
              ? `Saving the template "${e.name}" failed`
              : `Deleting the template failed`;
      this.ports().logger.error(what, { error: errText(err) });
      this.notice('error', `${what}: ${errText(err)}`);
    }
  }

  private async withStore(store: SessionStore, e: Exclude<ComposerEffect, { type: 'runCommand' }>) {
    switch (e.type) {
      case 'saveSessionSettings': {
        const session = await store.getSession(e.sessionId);
        if (session === undefined) return;
        await store.updateSessionSettings(e.sessionId, mergeSettings(session.settings, e.settings));
        return;
      }
      case 'loadTemplates':
        await this.reportTemplates(store, {
          ...(e.open !== undefined ? { open: e.open } : {}),
          ...(e.insert !== undefined ? { insert: e.insert } : {}),
        });
        return;
      case 'saveTemplate': {
        const input = {
          name: e.name,
          body: e.body,
          description: e.description ?? null,
        };
        if (e.id === undefined) await store.createTemplate(input);
        else await store.updateTemplate(e.id, input);
        this.notice('info', `Template "${e.name}" saved: /template ${e.name} inserts it`);
        await this.reportTemplates(store, {});
        return;
      }
      case 'deleteTemplate': {
        await store.deleteTemplate(e.id);
        this.notice('info', `Template "${e.name}" deleted`);
        await this.reportTemplates(store, {});
        return;
      }
    }
  }

  private async reportTemplates(
    store: SessionStore,
    then: { open?: boolean; insert?: string },
  ): Promise<void> {
    const all = await store.listTemplates();
    this.dispatch({ type: 'templatesLoaded', templates: all.map(templateItem), ...then });
  }
}
