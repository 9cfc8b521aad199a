import { describe, expect, it } from 'vitest';
import type { McpServerState, McpTool } from '../../domain/agent/types.js';
import type { Message } from '../../domain/session.js';
import type { Action } from '../types/actions.js';
import type { Effect } from '../types/effects.js';
import type { State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import { history, itemFromMessage } from './chat.js';
import { offerOf } from './agent.js';
import { toolsRows } from '../geometry/tools-rows.js';
import { statusIndicators } from '../view/panels.js';
import { DARK_THEME } from '../../tui/index.js';

const echo: McpTool = {
  server: 'everything',
  name: 'echo',
  description: 'Echoes back the input',
  inputSchema: {
    type: 'object',
    properties: { message: { type: 'string' } },
    required: ['message'],
  },
  annotations: { readOnlyHint: true },
};
const write: McpTool = {
  server: 'fs',
  name: 'write_file',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
  annotations: { destructiveHint: true },
};

function server(name: string, tools: McpTool[]): McpServerState {
  return { name, transport: 'stdio', phase: 'connected', tools, attempts: 0 };
}

function agentState(rules: Record<string, 'allow' | 'ask' | 'deny'> = {}, maxSteps = 10): State {
  return {
    ...testState(120, 40),
    agent: {
      servers: [server('everything', [echo]), server('fs', [write])],
      rules,
      sessionAllowed: [],
      maxSteps,
      resultLimit: 1000,
    },
  };
}

/** Sends a message and ends its reply with these calls; returns the state and the effects of the end. */
function replyWithCalls(s: State, calls: { name: string; arguments: string }[]): [State, Effect[]] {
  const [sent, sendFx] = run(s, ...typed('Go'), press('enter'));
  const req = sendFx.find((e) => e.type === 'sendChat');
  if (req?.type !== 'sendChat') throw new Error('no request');
  const events: Action = {
    type: 'chatEvents',
    requestId: req.requestId,
    events: [
      ...calls.map((c, i) => ({
        type: 'toolCall' as const,
        call: { index: i, id: `call-${i}`, name: c.name, arguments: c.arguments },
      })),
      { type: 'finish', reason: 'tool_calls' },
    ],
  };
  return run(sent, events, {
    type: 'turnEnded',
    requestId: req.requestId,
    figures: {},
    traceKey: req.assistantItemId,
    trace: { model: 'm', messages: [], sentAt: NOW, first: [], last: [], counts: {}, total: 0 },
  });
}

/** Key presses that type `text` (ASCII). */
const typed = (text: string) => text.split('').map((c) => press(c));

const toolItems = (s: State) => s.chat.items.filter((i) => i.role === 'tool');

describe('agent mode in the app', () => {
  it('offers the connected tools as SERVER__TOOL functions, less those a deny rule blocks', () => {
    const specs = offerOf(agentState({ 'fs__*': 'deny' }));
    expect(specs?.map((t) => t.name)).toEqual(['everything__echo']);
    expect(offerOf(testState())).toBeUndefined();
    const [, fx] = run(agentState(), ...typed('Hi'), press('enter'));
    const req = fx.find((e) => e.type === 'sendChat');
    expect(req?.type === 'sendChat' && req.tools?.map((t) => t.name)).toEqual([
      'everything__echo',
      'fs__write_file',
    ]);
  });

  it('a call an allow rule covers runs at once; its card says which rule', () => {
    const [s, fx] = replyWithCalls(agentState({ everything__echo: 'allow' }), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    expect(fx).toContainEqual(
      expect.objectContaining({
        type: 'runTool',
        server: 'everything',
        tool: 'echo',
        args: { message: 'hi' },
      }),
    );
    const card = toolItems(s)[0]?.tool;
    expect(card?.state).toBe('running');
    expect(card?.decision).toMatchObject({ by: 'rule', choice: 'run', rule: 'everything__echo' });
    expect(s.overlay).toBeUndefined();
  });

  it('an "ask" opens the dialog with the complete arguments; nothing runs before the answer', () => {
    const long = { message: 'x'.repeat(300), n: 1 };
    const [s, fx] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: JSON.stringify(long) },
    ]);
    expect(fx.some((e) => e.type === 'runTool')).toBe(false);
    const d = s.overlay?.kind === 'dialog' ? s.overlay.dialog : undefined;
    expect(d?.kind === 'pick' && d.body?.join('\n')).toBe(JSON.stringify(long, null, 2));
    const [after, runFx] = run(s, press('enter'));
    expect(runFx).toContainEqual(
      expect.objectContaining({ type: 'runTool', itemId: toolItems(s)[0]?.id }),
    );
    expect(toolItems(after)[0]?.tool?.decision).toMatchObject({ by: 'user', choice: 'once' });
  });

  it('a deny rule refuses without asking, and the model is told', () => {
    const [s, fx] = replyWithCalls(agentState({ everything__echo: 'deny' }), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    expect(s.overlay).toBeUndefined();
    expect(toolItems(s)[0]?.tool?.state).toBe('denied');
    const save = fx.find((e) => e.type === 'saveToolMessages');
    expect(save?.type === 'saveToolMessages' && save.messages[0]?.content).toBe(
      "A rule in the user's configuration denied this tool call; it was not run.",
    );
  });

  it('deny with a reason: the reason goes to the model', () => {
    const [s] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    const [asked] = run(s, ...typed('Deny'), press('enter'));
    expect(asked.overlay?.kind === 'dialog' && asked.overlay.dialog.purpose.type).toBe(
      'toolDenyReason',
    );
    const [done, fx] = run(asked, ...typed('no'), press('enter'));
    expect(toolItems(done)[0]?.tool?.decision).toMatchObject({ choice: 'deny', reason: 'no' });
    const save = fx.find((e) => e.type === 'saveToolMessages');
    expect(save?.type === 'saveToolMessages' && save.messages[0]?.content).toBe(
      'The user denied this tool call; it was not run. Reason: no',
    );
  });

  it('edited arguments are checked against the schema; a bad edit keeps the dialog with the problem', () => {
    const [s] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    const [editing] = run(s, ...typed('Edit'), press('enter'));
    const d = editing.overlay?.kind === 'dialog' ? editing.overlay.dialog : undefined;
    if (d?.kind !== 'prompt') throw new Error('no edit dialog');
    d.editor.setValue('{"message": 5}');
    const [bad, badFx] = run(editing, press('enter'));
    expect(badFx.some((e) => e.type === 'runTool')).toBe(false);
    expect(bad.overlay?.kind === 'dialog' && bad.overlay.dialog.error).toMatch(/message/);
    const d2 = bad.overlay?.kind === 'dialog' ? bad.overlay.dialog : undefined;
    if (d2?.kind !== 'prompt') throw new Error('the edit dialog closed');
    d2.editor.setValue('{"message": "edited"}');
    const [good, fx] = run(bad, press('enter'));
    expect(fx).toContainEqual(
      expect.objectContaining({ type: 'runTool', args: { message: 'edited' } }),
    );
    expect(toolItems(good)[0]?.tool?.decision?.choice).toBe('edit');
  });

  it('allow for this session runs every waiting call of that tool; "always" confirms, then writes the rule', () => {
    const [s] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: '{"message":"a"}' },
      { name: 'everything__echo', arguments: '{"message":"b"}' },
      { name: 'fs__write_file', arguments: '{"path":"/x"}' },
    ]);
    const [session, fx] = run(s, press('down'), press('enter'));
    expect(fx.filter((e) => e.type === 'runTool')).toHaveLength(2);
    expect(session.agent?.sessionAllowed).toEqual(['everything__echo']);
    // The write is still waiting: its dialog comes next; "always" asks first (Cancel first: destructive).
    const [confirm] = run(session, ...typed('always'), press('enter'));
    const d = confirm.overlay?.kind === 'dialog' ? confirm.overlay.dialog : undefined;
    expect(d?.kind === 'confirm' && d.choice).toBe('cancel');
    const [written, wfx] = run(confirm, press('left'), press('enter'));
    expect(wfx).toContainEqual({ type: 'writeRule', key: 'fs__write_file' });
    expect(toolItems(written)[2]?.tool?.decision?.choice).toBe('always');
  });

  it('when every call has settled the round is stored, then the model is asked again with the results', () => {
    const [s] = replyWithCalls(agentState({ everything__echo: 'allow' }), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    const item = toolItems(s)[0];
    if (item === undefined) throw new Error('no card');
    const [settled, fx] = run(s, {
      type: 'agent',
      event: {
        kind: 'finished',
        itemId: item.id,
        state: 'done',
        result: { parts: [{ kind: 'text', text: 'Echo: hi' }], isError: false },
        content: 'Echo: hi',
        at: NOW,
      },
    });
    const save = fx.find((e) => e.type === 'saveToolMessages');
    if (save?.type !== 'saveToolMessages') throw new Error('not saved');
    const [asked, afx] = run(settled, {
      type: 'agent',
      event: { kind: 'saved', replyItemId: save.replyItemId, storeIds: { [item.id]: 'm9' } },
    });
    const req = afx.find((e) => e.type === 'sendChat');
    if (req?.type !== 'sendChat') throw new Error('not asked again');
    expect(req.continuation).toBe(true);
    expect(req.parentStoreId).toBe('m9');
    expect(req.messages.at(-1)).toEqual({
      role: 'tool',
      content: 'Echo: hi',
      toolCallId: 'call-0',
    });
    expect(req.messages.at(-2)?.toolCalls?.[0]?.name).toBe('everything__echo');
    expect(asked.chat.streaming).toBeDefined();
  });

  it('after agent.max_steps rounds the user is asked whether to go on', () => {
    const [s] = replyWithCalls(agentState({ everything__echo: 'deny' }, 1), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    const [asked, fx] = run(s, {
      type: 'agent',
      event: { kind: 'saved', replyItemId: s.agent?.round?.replyItemId ?? '', storeIds: {} },
    });
    expect(fx.some((e) => e.type === 'sendChat')).toBe(false);
    expect(asked.overlay?.kind === 'dialog' && asked.overlay.dialog.purpose.type).toBe(
      'agentContinue',
    );
    const [, goFx] = run(asked, press('enter'));
    expect(goFx.some((e) => e.type === 'sendChat')).toBe(true);
  });

  it('Esc while tools run cancels them, and the model is not asked again', () => {
    const [s] = replyWithCalls(agentState({ everything__echo: 'allow' }), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    const id = toolItems(s)[0]?.id ?? '';
    const [stopped, fx] = run(s, press('esc'));
    expect(fx).toContainEqual({ type: 'cancelTools', itemIds: [id] });
    const [, endFx] = run(stopped, {
      type: 'agent',
      event: {
        kind: 'finished',
        itemId: id,
        state: 'cancelled',
        error: 'cancelled',
        content: 'Error: cancelled',
        at: NOW,
      },
    });
    const save = endFx.find((e) => e.type === 'saveToolMessages');
    if (save?.type !== 'saveToolMessages') throw new Error('not saved');
    const [, after] = run(stopped, {
      type: 'agent',
      event: { kind: 'saved', replyItemId: save.replyItemId, storeIds: {} },
    });
    expect(after.some((e) => e.type === 'sendChat')).toBe(false);
  });

  it('a stored tool message reads back as the same card; history sends calls with their answers only', () => {
    const record = {
      callId: 'c1',
      name: 'everything__echo',
      server: 'everything',
      tool: 'echo',
      arguments: '{\n  "message": "hi"\n}',
      state: 'done',
      decision: { by: 'user', choice: 'once', at: NOW },
      result: { parts: [{ kind: 'text', text: 'Echo: hi' }], isError: false },
    } as const;
    const base: Omit<Message, 'id' | 'role' | 'content' | 'toolCalls' | 'parentId'> = {
      sessionId: 's',
      reasoning: null,
      name: null,
      status: 'complete',
      error: null,
      modelId: null,
      createdAt: NOW,
      updatedAt: NOW,
      promptTokens: null,
      completionTokens: null,
      tokenCount: null,
      ttftMs: null,
      latencyMs: null,
      tokensPerSec: null,
    };
    const asked = itemFromMessage({
      ...base,
      id: 'a',
      parentId: null,
      role: 'assistant',
      // mistral.rs streams this marker as content before the calls it parses.
      content: '<tool_call>',
      toolCalls: [
        { index: 0, id: 'c1', name: 'everything__echo', arguments: '{"message":"hi"}' },
        { index: 1, id: 'c2', name: 'server_side', arguments: '{}' },
      ],
    });
    const answered = itemFromMessage({
      ...base,
      id: 't',
      parentId: 'a',
      role: 'tool',
      content: 'Echo: hi',
      name: 'everything__echo',
      toolCalls: record,
    });
    expect(answered.tool).toEqual(record);
    expect(history([asked, answered])).toEqual([
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { index: 0, id: 'c1', name: 'everything__echo', arguments: '{"message":"hi"}' },
        ],
      },
      { role: 'tool', content: 'Echo: hi', toolCallId: 'c1' },
    ]);
    // A call left asking when the app stopped reads as cancelled.
    const left = itemFromMessage({
      ...base,
      id: 't2',
      parentId: 'a',
      role: 'tool',
      content: '',
      toolCalls: { ...record, state: 'asking' },
    });
    expect(left.tool?.state).toBe('cancelled');
  });

  it('the web-search switch (w in the Tools tab) makes requests carry web_search_options', () => {
    let s: State = { ...agentState(), sidebarTab: 'tools', focus: 'sidebar' };
    s = run(s, press('w'))[0];
    expect(s.chat.webSearch).toBe(true);
    const [, fx] = run({ ...s, focus: 'composer' }, ...typed('Hi'), press('enter'));
    const req = fx.find((e) => e.type === 'sendChat');
    expect(req?.type === 'sendChat' && req.webSearch).toEqual({});
    const [, offFx] = run(testState(), ...typed('Hi'), press('enter'));
    const plain = offFx.find((e) => e.type === 'sendChat');
    expect(plain?.type === 'sendChat' && plain.webSearch).toBeUndefined();
    expect(plain?.type === 'sendChat' && plain.tools).toBeUndefined();
  });

  it('the Tools tab lists servers with state and last error, tools with the rule, and the server-side tools', () => {
    const s: State = {
      ...agentState({ 'fs__*': 'deny' }),
      models: {
        ...testState().models,
        server: [{ id: 'qwen', toolsAvailable: true, mcpToolsCount: 3 }],
      },
    };
    const failed: State = {
      ...s,
      agent: s.agent && {
        ...s.agent,
        servers: [
          ...s.agent.servers,
          {
            name: 'gone',
            transport: 'http',
            phase: 'failed',
            tools: [],
            attempts: 2,
            lastError: 'refused',
          },
        ],
      },
    };
    const text = toolsRows(failed, 60, DARK_THEME)
      .map((l) => l.spans.map((x) => x.content).join(''))
      .join('\n');
    expect(text).toContain('● everything stdio · connected · 1 tools');
    expect(text).toContain('✗ gone http · failed · 0 tools');
    expect(text).toContain('last error: refused');
    expect(text).toContain('echo ask (default)');
    expect(text).toContain('write_file deny (fs__*)');
    expect(text).toContain('message*: string');
    expect(text).toContain('qwen: tools available · 3 MCP tools');
  });

  it('leaving the chat while calls run stops them, and sending works again', () => {
    const [s] = replyWithCalls(agentState({ everything__echo: 'allow' }), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    const id = toolItems(s)[0]?.id ?? '';
    const [left, fx] = run(s, press('ctrl+n'));
    expect(fx).toContainEqual({ type: 'cancelTools', itemIds: [id] });
    expect(left.agent?.round).toBeUndefined();
    const [, sendFx] = run(left, ...typed('Hi'), press('enter'));
    expect(sendFx.some((e) => e.type === 'sendChat')).toBe(true);
  });

  it('r in the Tools tab connects the servers that are down again', () => {
    const s = agentState();
    const down: State = {
      ...s,
      sidebarTab: 'tools',
      focus: 'sidebar',
      agent: s.agent && {
        ...s.agent,
        servers: [
          ...s.agent.servers,
          { name: 'gone', transport: 'http', phase: 'failed', tools: [], attempts: 3 },
        ],
      },
    };
    expect(run(down, press('r'))[1]).toContainEqual({ type: 'reconnectMcp', servers: ['gone'] });
  });

  it('arguments that break the schema: the dialog offers an edit, or tells the model; nothing runs as written', () => {
    const [s, fx] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: '{"message": 5}' },
    ]);
    expect(fx.some((e) => e.type === 'runTool')).toBe(false);
    const d = s.overlay?.kind === 'dialog' ? s.overlay.dialog : undefined;
    expect(d?.kind === 'pick' && d.items.map((i) => i.value)).toEqual(['edit', 'invalid', 'deny']);
    expect(d?.help).toMatch(/do not match its schema/);
    const [told, tfx] = run(s, ...typed('Tell'), press('enter'));
    expect(toolItems(told)[0]?.tool?.state).toBe('failed');
    const save = tfx.find((e) => e.type === 'saveToolMessages');
    expect(save?.type === 'saveToolMessages' && save.messages[0]?.content).toMatch(
      /^The arguments do not match the tool's input schema/,
    );
    // (The dialog's filter is a mutable editor: a fresh round for the edit.)
    const [again] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: '{"message": 5}' },
    ]);
    const [editing] = run(again, ...typed('Edit'), press('enter'));
    const ed = editing.overlay?.kind === 'dialog' ? editing.overlay.dialog : undefined;
    if (ed?.kind !== 'prompt') throw new Error('no edit dialog');
    ed.editor.setValue('{"message": "five"}');
    const [fixed, ffx] = run(editing, press('enter'));
    expect(ffx).toContainEqual(
      expect.objectContaining({ type: 'runTool', args: { message: 'five' } }),
    );
    expect(toolItems(fixed)[0]?.tool?.problems).toBeUndefined();
    // With an allow rule the model is told at once, without a dialog.
    const [auto] = replyWithCalls(agentState({ everything__echo: 'allow' }), [
      { name: 'everything__echo', arguments: '{"message": 5}' },
    ]);
    expect(auto.overlay).toBeUndefined();
    expect(toolItems(auto)[0]?.tool?.state).toBe('failed');
  });

  it('the status bar says agent mode is on, and what a round waits for', () => {
    const caps = {
      modelManagement: true,
      metrics: true,
      systemInfo: true,
      visionInput: false,
      audioInput: false,
      imageGeneration: false,
      speechGeneration: false,
      toolCalling: true,
      webSearch: false,
    };
    const shown = (st: State) =>
      statusIndicators({ ...st, metrics: { ...st.metrics, capabilities: caps } }, DARK_THEME)
        .map((x) => x.content)
        .join('');
    expect(shown(agentState())).toBe(' agent 2 tools');
    expect(shown(testState())).toBe(' tools');
    const [asking] = replyWithCalls(agentState(), [
      { name: 'everything__echo', arguments: '{"message":"hi"}' },
    ]);
    expect(shown(asking)).toBe(' agent: 1 to approve');
  });
});
