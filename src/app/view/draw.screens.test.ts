// Whole-screen snapshots of every main view at 80x24, 120x40 and 200x50: the
// state is built through the reducers (the actions the runtime would send and
// the keys a user would press), drawn with drawApp, and read back as text with
// clock times, dates and generated ids masked. A change to any view shows up
// here as a readable diff of the screen.
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../domain/chat.js';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import type { Action } from '../types/actions.js';
import type { ReplyFigures, SessionSummary, State } from '../types/state.js';
import { testModel } from '../panes/models-testing.js';
import { NOW, press, testState } from '../testing.js';
import { update } from '../update.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { drawApp } from './draw.js';

// Times are drawn in local time: one zone keeps what the masks leave (a date cut
// short behind a dialog) the same on every machine.
process.env.TZ = 'UTC';

const GiB = 1024 ** 3;

const SIZES: readonly (readonly [number, number])[] = [
  [80, 24],
  [120, 40],
  [200, 50],
];

/** The screen as text: trailing blanks trimmed, times, dates and generated ids masked. */
function screen(s: State): string {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  const rows: string[] = [];
  for (let y = 0; y < s.height; y++) rows.push(buf.rowText(y).trimEnd());
  // Masks keep the width of what they hide, so the columns in a snapshot are the real ones.
  const hash = (m: string) => m.replace(/\d/g, '#');
  return rows
    .join('\n')
    .replace(/\d{4}-\d\d-\d\d/g, 'YYYY-MM-DD')
    .replace(/\b\d\d-\d\d\b/g, 'MM-DD')
    .replace(/\b\d\d:\d\d:\d\d\b/g, 'hh:mm:ss')
    .replace(/\b\d\d:\d\d\b/g, 'hh:mm')
    .replace(/\b(local|request)-\d+\b/g, hash);
}

/** The runtime's view cache: with it the reducers settle the chat's scroll, as in the app. */
const CACHE = new ViewCache(DARK_THEME);

function stateAfter(s: State, ...actions: Action[]): State {
  for (const a of actions) s = update(s, a, NOW, CACHE)[0];
  return s;
}

const keys = (s: State, ...specs: string[]) => stateAfter(s, ...specs.map(press));
/** Types text key by key (into whatever has the keys: a search line, a palette filter). */
const typed = (s: State, text: string) =>
  keys(s, ...Array.from(text, (c) => (c === ' ' ? 'space' : c)));

let stored = 0;

/**
 * One exchange as the runtime reports it: the prompt pasted and sent with
 * Enter, the stream's events, its end, and both messages saved.
 */
function exchange(s: State, prompt: string, events: ChatEvent[], figures: ReplyFigures): State {
  s = stateAfter({ ...s, focus: 'composer' }, { type: 'paste', text: prompt }, press('enter'));
  const streaming = s.chat.streaming;
  const user = s.chat.items.at(-2);
  if (streaming === undefined || user === undefined) throw new Error('the prompt was not sent');
  const { requestId, itemId } = streaming;
  return stateAfter(
    s,
    ...events.map((event): Action => ({ type: 'chatEvent', requestId, event })),
    ...(events.some((e) => e.type === 'finish' || e.type === 'error')
      ? []
      : [{ type: 'chatEvent', requestId, event: { type: 'finish', reason: 'stop' } } as const]),
    { type: 'streamEnded', requestId, figures },
    { type: 'itemSaved', itemId: user.id, storeId: `m${++stored}` },
    { type: 'itemSaved', itemId, storeId: `m${++stored}` },
  );
}

const said = (text: string): ChatEvent => ({ type: 'content', text });
const fig = (ttftMs: number, tokensPerSec: number, completionTokens: number): ReplyFigures => ({
  ttftMs,
  tokensPerSec,
  completionTokens,
  promptTokens: 40 + completionTokens,
  totalMs: ttftMs + Math.round((completionTokens / tokensPerSec) * 1000),
});

const RUST_ANSWER = [
  'Use `std::fs::read_dir`, which yields one entry per file:\n\n',
  '```rust\nfor entry in std::fs::read_dir(".")? {\n    println!("{:?}", entry?.path());\n}\n```\n\n',
  'It returns **entries**, not paths:\n\n- call `path()` for the path\n- call `file_type()` to tell files from folders',
];

/** The conversation's session (the store creates it with the first message). */
const CURRENT: SessionSummary = {
  id: 'S1',
  title: 'How do I list files in Rust?',
  modelId: 'smol',
  updatedAt: NOW,
  messages: 10,
};

const SESSIONS: SessionSummary[] = [
  CURRENT,
  {
    id: 'S2',
    title: 'Tokio runtime and blocking file reads',
    modelId: 'qwen',
    updatedAt: '2026-01-01T18:30:00.000Z',
    tags: ['rust', 'async'],
    messages: 6,
  },
  {
    id: 'S3',
    title: 'A shopping list for the weekend with a title long enough to be cut',
    modelId: null,
    updatedAt: '2025-12-24T09:15:00.000Z',
    messages: 2,
  },
  {
    id: 'S4',
    title: 'Haiku about compilers',
    modelId: 'smol',
    updatedAt: '2025-12-01T08:00:00.000Z',
    messages: 4,
  },
];

const INVENTORY = [
  testModel('smol', { dir: '/models/smol' }),
  testModel('qwen', { arch: 'qwen2' }),
  testModel('llava', { kind: 'vision', format: 'safetensors', source: 'hf-cache' }),
  testModel('nomic-embed', { kind: 'embedding', arch: 'bert' }),
];

/** A server that answers, its models, the disk's models, and the session list. */
function connected(w: number, h: number): State {
  return stateAfter(
    testState(w, h, { backend: { ...testState().backend, model: 'smol' } }),
    { type: 'health', ok: true },
    { type: 'inventoryLoaded', models: INVENTORY },
    {
      type: 'serverModelsLoaded',
      models: [
        { id: 'smol', status: 'loaded' },
        { id: '/models/qwen', status: 'unloaded' },
        { id: 'remote-only', status: 'reloading' },
      ],
      memory: {
        vramFree: 60 * GiB,
        vramTotal: 80 * GiB,
        ramFree: 96 * GiB,
        ramTotal: 128 * GiB,
        from: 'server',
      },
    },
  );
}

/**
 * The conversation every main view is shown over: Markdown and code, folded
 * reasoning, a reply in its second of three versions, a cancelled reply and
 * one that failed; the session list with it as the current session.
 */
function conversation(w: number, h: number): State {
  stored = 0;
  let s = connected(w, h);
  s = exchange(s, 'How do I list files in Rust?', RUST_ANSWER.map(said), fig(84, 41.25, 37));
  s = stateAfter(s, { type: 'sessionCreated', session: CURRENT });
  s = exchange(
    s,
    'Why does it return a Result?',
    [
      { type: 'reasoning', text: 'The user asks about error handling. Reading a folder can fail.' },
      said('Because reading a folder can fail: it may not exist, or you may lack permission.'),
      { type: 'finish', reason: 'stop' },
    ],
    fig(120, 38.5, 24),
  );
  s = exchange(
    s,
    'Write a haiku about it',
    [said('Folders open wide\nentries drift like autumn leaves\nthe path is the way')],
    fig(95, 40, 18),
  );
  const haiku = s.chat.items.at(-1);
  if (haiku?.storeId === undefined) throw new Error('the haiku was not saved');
  s = stateAfter(s, { type: 'siblingsLoaded', itemId: haiku.id, ids: ['m0', haiku.storeId, 'm9'] });
  s = exchange(
    s,
    'And recursively?',
    [said('Walk each directory and'), { type: 'finish', reason: 'cancelled' }],
    fig(90, 39, 6),
  );
  s = exchange(
    s,
    'Show me walkdir',
    [{ type: 'error', error: { code: 'cut', message: 'the server closed the connection' } }],
    fig(70, 0, 0),
  );
  return stateAfter(s, { type: 'sessionsLoaded', items: SESSIONS, total: SESSIONS.length });
}

/** The conversation with a reply selected in the chat (the haiku in its second version). */
function selected(w: number, h: number): State {
  let s = keys(conversation(w, h), 'tab');
  // From the latest message up to the haiku: the error, "Show me", the cancelled reply, "And recursively?", the haiku.
  s = keys(s, 'shift+up', 'shift+up', 'shift+up', 'shift+up', 'shift+up');
  return s;
}

function sessionSearch(w: number, h: number): State {
  let s = keys(conversation(w, h), 'alt+1');
  s = keys({ ...s, focus: 'sidebar' }, '/');
  s = typed(s, 'rust');
  const seq = s.sessions.search?.seq ?? 0;
  return stateAfter(s, {
    type: 'sessionsSearched',
    seq,
    hits: [
      {
        sessionId: 'S1',
        title: 'How do I list files in Rust?',
        messageId: null,
        role: null,
        snippet: 'How do I list files in Rust?',
        highlights: [[24, 28]],
      },
      {
        sessionId: 'S2',
        title: 'Tokio runtime and blocking file reads',
        messageId: 'm4',
        role: 'assistant',
        snippet: '…in async Rust, move blocking reads to spawn_blocking so the runtime keeps…',
        highlights: [[10, 14]],
      },
    ],
  });
}

function metricsTab(w: number, h: number): State {
  return stateAfter(
    keys(conversation(w, h), 'alt+3'),
    { type: 'telemetry', update: { kind: 'contextLength', model: 'smol', tokens: 2048 } },
    { type: 'serverQueue', running: 1, waiting: 2, source: 'metrics' },
    {
      type: 'telemetry',
      update: {
        kind: 'hardware',
        reading: {
          source: 'nvidia-smi',
          gpus: [
            {
              name: 'NVIDIA H100',
              utilizationPct: 40,
              memoryUsedBytes: 10 * GiB,
              memoryTotalBytes: 80 * GiB,
            },
          ],
          ramTotalBytes: 64 * GiB,
          ramFreeBytes: 32 * GiB,
          server: {
            cpu: 'AMD EPYC 9454',
            cores: 16,
            memoryTotalBytes: 128 * GiB,
            memoryAvailableBytes: 96 * GiB,
          },
        },
      },
    },
  );
}

function logsTab(w: number, h: number): State {
  return stateAfter(
    keys(conversation(w, h), 'alt+4'),
    {
      type: 'logRecords',
      records: [
        {
          at: NOW,
          level: 'info',
          message: 'backend answers',
          fields: { url: 'http://127.0.0.1:1234' },
        },
        { at: NOW, level: 'info', message: 'session opened', fields: { id: 'S1', messages: 10 } },
        { at: NOW, level: 'debug', message: 'frame drawn', fields: { ms: 2 } },
        {
          at: NOW,
          level: 'warn',
          message: 'stream cut before the end',
          fields: { requestId: 'request-19', after: 'a long while of waiting for the next event' },
        },
        { at: NOW, level: 'error', message: 'the server closed the connection' },
      ],
    },
    { type: 'serverLine', stream: 'stderr', text: 'INFO mistralrs_server: Model loaded.' },
  );
}

function notifications(w: number, h: number): State {
  let s = stateAfter(
    conversation(w, h),
    { type: 'notice', level: 'info', text: 'Copied the reply (212 characters)' },
    { type: 'notice', level: 'warn', text: 'The model "gone" is not served any more; using smol' },
    {
      type: 'notice',
      level: 'error',
      text: 'Could not export: /tmp/out.md is a folder. Choose a file name.',
    },
  );
  s = keys(s, 'alt+4');
  s = keys({ ...s, focus: 'sidebar' }, 'n');
  return s;
}

function inspector(w: number, h: number): State {
  let s = selected(w, h);
  const item = s.chat.items[s.chat.selected ?? -1];
  if (item === undefined) throw new Error('nothing selected');
  s = stateAfter(s, {
    type: 'replyTraced',
    itemId: item.id,
    trace: {
      model: 'smol',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Write a haiku about it' },
      ],
      sampling: { temperature: 0.7 },
      sentAt: NOW,
      first: [
        { ms: 95, type: 'content', text: '"Folders"' },
        { ms: 120, type: 'content', text: '" open wide"' },
      ],
      last: [{ ms: 540, type: 'finish', text: 'stop' }],
      counts: { content: 18, finish: 1 },
      total: 19,
    },
  });
  return keys(s, 'ctrl+o');
}

function onboarding(w: number, h: number): State {
  return stateAfter(
    testState(w, h),
    { type: 'health', ok: false, message: 'connection refused' },
    { type: 'sessionsLoaded', items: [], total: 0 },
    { type: 'inventoryLoaded', models: INVENTORY },
  );
}

/** The first run with nothing yet: no server, no mistralrs on PATH, no model in the folders. */
function bareFirstRun(w: number, h: number): State {
  return stateAfter(
    testState(w, h),
    { type: 'health', ok: false, message: 'connection refused' },
    { type: 'sessionsLoaded', items: [], total: 0 },
    {
      type: 'launcherChecked',
      binary: { found: false, message: 'mistralrs was not found on PATH' },
    },
    {
      type: 'inventoryLoaded',
      models: [],
      folders: [
        { path: '/home/me/.cache/huggingface/hub', kind: 'hf-cache', exists: false },
        { path: '/home/me/project/.models', kind: 'dot-models', exists: false },
        { path: '/home/me/.models', kind: 'home-models', exists: true },
      ],
    },
  );
}

const SCENES: readonly (readonly [string, (w: number, h: number) => State])[] = [
  ['a conversation', conversation],
  ['a selected reply in its second version', selected],
  // The top of the conversation: the Markdown answer with its code block.
  ['the conversation from its top', (w, h) => keys(conversation(w, h), 'tab', 'home')],
  ['the sessions tab focused', (w, h) => keys({ ...conversation(w, h), focus: 'sidebar' }, 'down')],
  ['the sessions search with hits', sessionSearch],
  [
    'the models tab with details',
    (w, h) => keys({ ...keys(conversation(w, h), 'alt+2'), focus: 'sidebar' }, 'down'),
  ],
  ['the metrics tab after replies', metricsTab],
  ['the logs tab', logsTab],
  ['the notifications view', notifications],
  ['the inspector with a selected reply', inspector],
  ['the palette with a filter', (w, h) => typed(keys(conversation(w, h), 'ctrl+p'), 'model')],
  ['the help overlay', (w, h) => keys(conversation(w, h), 'f1')],
  ['the delete-session confirm', (w, h) => keys({ ...conversation(w, h), focus: 'sidebar' }, 'd')],
  [
    'the chat settings form',
    (w, h) => stateAfter(conversation(w, h), { type: 'command', id: 'session.settings' }),
  ],
  [
    'a toast',
    (w, h) =>
      stateAfter(conversation(w, h), {
        type: 'notice',
        level: 'warn',
        text: 'Nothing to retry: send a message first',
      }),
  ],
  [
    'a long toast, wrapped above the transcript',
    (w, h) =>
      stateAfter(conversation(w, h), {
        type: 'notice',
        level: 'error',
        text: 'Could not reach the server at http://127.0.0.1:1234: connection refused. Start it with `mistralrs-tui serve`, or run `mistralrs-tui doctor` to see what is wrong.',
      }),
  ],
  ['the first-run onboarding', onboarding],
  ['the first-run onboarding without mistralrs or a model', bareFirstRun],
];

describe('screens', () => {
  for (const [name, build] of SCENES)
    it.each(SIZES)(`${name} at %ix%i`, (w, h) => {
      expect(screen(build(w, h))).toMatchSnapshot();
    });

  it('the terminal too small', () => {
    expect(screen(conversation(59, 19))).toMatchSnapshot();
  });
});
