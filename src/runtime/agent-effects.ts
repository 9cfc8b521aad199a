// Agent mode's effects (issue 17): the MCP clients' events as actions (the
// Tools tab, notifications), tool calls with progress, cancellation and the
// text the model gets, the round's tool messages stored after the reply that
// made the calls, and "always allow" written to the config. The app decides;
// this only does the I/O.
import type { Action, Effect, ToolShownPart } from '../app/index.js';
import {
  contentText,
  failureForModel,
  resultForModel,
  type ToolContent,
} from '../domain/agent/index.js';
import type { AppPorts } from '../domain/ports.js';
import type { JsonValue } from '../domain/session.js';

export type AgentEffect = Extract<
  Effect,
  { type: 'runTool' | 'cancelTools' | 'saveToolMessages' | 'writeRule' | 'reconnectMcp' }
>;

const AGENT_EFFECTS: ReadonlySet<Effect['type']> = new Set([
  'runTool',
  'cancelTools',
  'saveToolMessages',
  'writeRule',
  'reconnectMcp',
]);

export function isAgentEffect(e: Effect): e is AgentEffect {
  return AGENT_EFFECTS.has(e.type);
}

/** Progress notifications closer together than this are folded into the next one (one per frame). */
const PROGRESS_MS = 16;

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A result part as the card shows it. */
export function shownPart(p: ToolContent): ToolShownPart {
  const kind = p.type === 'resource_link' ? 'link' : p.type === 'resource' ? 'resource' : p.type;
  return { kind, text: contentText(p) };
}

export class AgentEffects {
  private readonly aborts = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ports: () => AppPorts,
    private readonly dispatch: (a: Action) => void,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** After the first frame: the servers connect in the background; their changes become actions. */
  start(): void {
    const agent = this.ports().agent;
    if (agent === undefined || this.unsubscribe !== undefined) return;
    const report = (): void => {
      this.dispatch({
        type: 'agent',
        event: { kind: 'servers', servers: agent.clients.servers() },
      });
    };
    this.unsubscribe = agent.clients.subscribe((e) => {
      if (e.type !== 'mcp.log') report();
    });
    agent.clients.start();
    report();
  }

  exec(e: AgentEffect): Promise<void> {
    switch (e.type) {
      case 'runTool': {
        const p = this.runTool(e).finally(() => this.running.delete(p));
        this.running.add(p);
        return p;
      }
      case 'cancelTools':
        for (const id of e.itemIds) this.aborts.get(id)?.abort();
        return Promise.resolve();
      case 'saveToolMessages':
        return this.save(e);
      case 'writeRule':
        return this.writeRule(e.key);
      case 'reconnectMcp':
        for (const name of e.servers) this.ports().agent?.clients.reconnect(name);
        return Promise.resolve();
    }
  }

  private async runTool(e: Extract<AgentEffect, { type: 'runTool' }>): Promise<void> {
    const clients = this.ports().agent?.clients;
    const ac = new AbortController();
    this.aborts.set(e.itemId, ac);
    let last = 0;
    try {
      if (clients === undefined) throw new Error('agent mode is off');
      const outcome = await clients.callTool(e.server, e.tool, e.args, {
        signal: ac.signal,
        onProgress: (progress) => {
          const t = performance.now();
          if (t - last < PROGRESS_MS) return;
          last = t;
          this.dispatch({ type: 'agent', event: { kind: 'progress', itemId: e.itemId, progress } });
        },
      });
      const at = this.now();
      if (outcome.ok)
        this.dispatch({
          type: 'agent',
          event: {
            kind: 'finished',
            itemId: e.itemId,
            state: 'done',
            result: {
              parts: outcome.result.content.map(shownPart),
              isError: outcome.result.isError,
            },
            content: resultForModel(outcome.result, e.limit),
            at,
          },
        });
      else
        this.dispatch({
          type: 'agent',
          event: {
            kind: 'finished',
            itemId: e.itemId,
            state: outcome.failure.kind === 'cancelled' ? 'cancelled' : 'failed',
            error: outcome.failure.message,
            content: failureForModel(outcome.failure),
            at,
          },
        });
    } catch (err) {
      const message = errText(err);
      this.dispatch({
        type: 'agent',
        event: {
          kind: 'finished',
          itemId: e.itemId,
          state: 'failed',
          error: message,
          content: `Error: ${message}`,
          at: this.now(),
        },
      });
    } finally {
      this.aborts.delete(e.itemId);
    }
  }

  /** Stores the tool messages one after another (each the child of the one before). */
  private async save(e: Extract<AgentEffect, { type: 'saveToolMessages' }>): Promise<void> {
    const { store, logger } = this.ports();
    const storeIds: Record<string, string> = {};
    if (store !== undefined && e.sessionId !== undefined) {
      let parent = e.parentStoreId ?? null;
      try {
        for (const m of e.messages) {
          const saved = await store.appendMessage({
            sessionId: e.sessionId,
            parentId: parent,
            role: 'tool',
            content: m.content,
            name: m.name,
            toolCalls: m.record as unknown as JsonValue,
          });
          storeIds[m.itemId] = saved.id;
          parent = saved.id;
        }
      } catch (err) {
        logger.error('saving tool messages failed', { error: errText(err) });
        this.dispatch({ type: 'notice', level: 'error', text: `Not saved: ${errText(err)}` });
      }
    }
    this.dispatch({
      type: 'agent',
      event: { kind: 'saved', replyItemId: e.replyItemId, storeIds },
    });
  }

  private async writeRule(key: string): Promise<void> {
    const rules = this.ports().agent?.rules;
    try {
      if (rules === undefined) throw new Error('agent mode is off');
      const file = await rules.setRule(key, 'allow');
      this.dispatch({ type: 'agent', event: { kind: 'ruleWritten', key, file } });
    } catch (err) {
      this.dispatch({ type: 'agent', event: { kind: 'ruleWritten', key, error: errText(err) } });
    }
  }

  /** Quitting: running calls are cancelled and waited for (bounded by the caller). */
  async settle(): Promise<void> {
    for (const ac of this.aborts.values()) ac.abort();
    await Promise.allSettled([...this.running]);
    this.unsubscribe?.();
  }
}
