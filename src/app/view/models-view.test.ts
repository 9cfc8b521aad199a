// The models tab and the first-run welcome, drawn into a buffer and read as
// text: the 36-column sidebar (the default at 120 columns) and 80x24.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import { testModel } from '../panes/models-testing.js';
import type { ModelDescription, ModelFolder } from '../../domain/model.js';
import type { BinaryState, State } from '../types/state.js';
import { press, testState } from '../testing.js';
import { update } from '../update.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { drawApp } from './draw.js';
import { hitTest } from '../geometry/layout.js';
import { fitName } from './models-view.js';

const T = '2026-01-02T03:04:05.000Z';

function rows(s: State): string[] {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  const out: string[] = [];
  for (let y = 0; y < s.height; y++) out.push(buf.rowText(y).trimEnd());
  return out;
}

/** The sidebar's text: what is right of the chat's border. */
function sidebar(s: State): string[] {
  return rows(s).map((r) => {
    const at = r.lastIndexOf('╮╭') >= 0 ? r.lastIndexOf('╮╭') + 1 : r.lastIndexOf('││') + 1;
    return at > 0 ? r.slice(at) : r;
  });
}

function browser(width: number, height: number): State {
  let s: State = { ...testState(width, height), sidebarTab: 'models', focus: 'sidebar' };
  s = update(
    s,
    {
      type: 'inventoryLoaded',
      models: [
        testModel('SmolLM2-135M-Instruct.Q4_1', { dir: '/home/me/models' }),
        testModel('llava-1.5-7b-hf', { kind: 'vision', format: 'safetensors', source: 'hf-cache' }),
      ],
    },
    T,
  )[0];
  s = update(
    s,
    {
      type: 'serverModelsLoaded',
      models: [{ id: 'default' }, { id: '/home/me/models', status: 'loaded' }],
      memory: { ramFree: 8 * 1024 ** 3, from: 'server' },
    },
    T,
  )[0];
  return { ...s, backend: { ...s.backend, connection: 'ok' } };
}

const capsOf = () => ({
  modelManagement: true,
  metrics: true,
  systemInfo: true,
  visionInput: false,
  audioInput: false,
  imageGeneration: true,
  speechGeneration: true,
  toolCalling: true,
  webSearch: false,
});

describe('models tab view', () => {
  it('at 36 columns: groups, status marks, format and size, and the details with the launch command', () => {
    const s = browser(120, 40);
    const text = sidebar(s).join('\n');
    expect(text).toContain('2 models · 1 served');
    // A server that states its version (mistral.rs 0.9.2) gets it in the heading, as fits
    // ("· mistral.rs 0.9.2" where the tab is wide enough).
    const stated = (w: number) =>
      sidebar({
        ...browser(w, 40),
        metrics: {
          ...s.metrics,
          capabilities: { ...capsOf(), serverVersion: '0.9.2' },
        },
      }).join('\n');
    expect(stated(120)).toContain('2 models · 1 served · v0.9.2');
    expect(text).toContain('Folders · text');
    expect(text).toMatch(/● SmolLM2-135M-Instr… gguf 100 MiB│/);
    expect(text).toContain('HF cache · vision');
    expect(text).toMatch(/ {2}llava-1\.5-7b-hf\s+st 100 MiB/);
    // The details of the selected (first) model.
    expect(text).toContain('text · gguf · Q4_1');
    expect(text).toContain('llama · 135M params · ctx 8K');
    expect(text).toContain('tokenizer gpt2 · chat template');
    expect(text).toContain('needs ~240 MiB at 4K ctx · fits');
    expect(text).toContain('server: loaded');
    // The command keeps each option with its value.
    expect(text).toContain('mistralrs serve --host 127.0.0.1');
    expect(text).toContain('-p PORT text -m /home/me/models');
    // Too long for one line with its option: the file name stays whole.
    expect(text).toMatch(/│ -f +│\n│ SmolLM2-135M-Instruct\.Q4_1\.gguf +│/);
    expect(text).toContain('--format gguf');
  });

  it('at 80x24 the list and details share the 26-column sidebar; a click selects a row', () => {
    const s = browser(80, 24);
    const side = sidebar(s);
    expect(side.join('\n')).toContain('● SmolLM2-135… gguf 100M│');
    expect(side.join('\n')).toContain('text · gguf · Q4_1');
    // Click the llava row.
    const y = side.findIndex((r) => r.includes('llava'));
    const x = 80 - 10;
    const drawn = drawApp(
      { buffer: Buffer.sized(80, 24), setCursor: () => undefined },
      s,
      new ViewCache(DARK_THEME),
    );
    const hit = hitTest(drawn.layout, s, x, y);
    expect(hit).toEqual({ pane: 'sidebar', index: 1 });
    const [clicked] = update(
      s,
      {
        type: 'mouse',
        event: {
          type: 'mouse',
          action: 'press',
          button: 'left',
          x,
          y,
          ctrl: false,
          alt: false,
          shift: false,
          meta: false,
        },
        hit,
      },
      T,
    );
    expect(sidebar(clicked).join('\n')).toMatch(
      /─+│\n│ llava-1\.5-7b-hf +│\n│ vision · safetensors/,
    );
  });

  it("names a model by its id in the list, the status bar and a reply's header; a GGUF's own name is in the details", () => {
    const gguf = {
      ...testModel('SmolLM2-135M-Instruct.Q4_1', { dir: '/home/me/models' }),
      name: 'Smollm2 135M 8k Lc100K Mix1 Ep2',
    };
    let s = browser(120, 40);
    s = update(s, { type: 'inventoryLoaded', models: [gguf] }, T)[0];
    // A reply from the model mistral.rs 0.8.1 names after its folder.
    s = { ...s, focus: 'composer' };
    for (const k of ['h', 'i', 'enter']) s = update(s, press(k), T)[0];
    const rid = s.chat.streaming?.requestId ?? '';
    s = update(
      s,
      { type: 'chatEvent', requestId: rid, event: { type: 'content', text: 'Hello' } },
      T,
    )[0];
    s = update(s, { type: 'streamEnded', requestId: rid, figures: {} }, T)[0];
    s = { ...s, focus: 'sidebar' };
    const all = rows(s).join('\n');
    expect(all).not.toContain('…/models');
    expect(all).toMatch(/assistant +SmolLM2-135M-Instruct\.Q4_1 · /);
    expect(all).toContain('local (mistralrs) · SmolLM2-135M-Instruct.Q4_1');
    const side = sidebar(s).join('\n');
    expect(side).toMatch(/● SmolLM2-135M-Instr… gguf 100 MiB│/);
    expect(side).toMatch(/│ GGUF name: +│\n│ Smollm2 135M 8k Lc100K Mix1 Ep2 +│/);
    expect(side).not.toMatch(/● Smollm2/);
  });

  it('a folder that holds several models names none of them as the one served', () => {
    let s = browser(120, 40);
    s = update(
      s,
      {
        type: 'inventoryLoaded',
        models: [
          testModel('a-Q4', { dir: '/home/me/models' }),
          testModel('b-Q8', { dir: '/home/me/models' }),
        ],
      },
      T,
    )[0];
    const text = sidebar(s).join('\n');
    expect(text).toContain('Server only');
    expect(text).not.toMatch(/● a-Q4/);
    expect(text).not.toMatch(/● b-Q8/);
    expect(rows(s).join('\n')).toContain('local (mistralrs) · …/models');
  });

  it('a server-only model whose id is a path keeps the end of the path in view', () => {
    expect(fitName('/root/.cache/mistralrs-tui/models', 20)).toBe('…istralrs-tui/models');
    expect(fitName('/root/.cache/mistralrs-tui/models', 20)).toHaveLength(20);
    expect(fitName('SmolLM2-135M-Instruct', 10)).toBe('SmolLM2-1…');
  });

  it('says what is filtered and how to clear it, and what to do when nothing matches', () => {
    const s = browser(120, 40);
    const filtered = { ...s, models: { ...s.models, filter: 'nothing', kind: 'speech' as const } };
    const text = sidebar(filtered).join('\n');
    expect(text).toContain('/nothing · speech  (Esc clears)');
    expect(text).toContain('No model matches the filters');
  });
});

describe('first-run welcome', () => {
  it('at 80x24 names the ways to get going with each command whole on its own line', () => {
    let s = browser(80, 24);
    s = { ...s, backend: { ...s.backend, connection: 'down' }, focus: 'composer' };
    const screen = rows(s);
    const text = screen.join('\n');
    expect(text).toContain('No server answers at http://127.0.0.1:1234.');
    expect(text).toMatch(/│ +mistralrs-tui --url http:\/\/HOST:PORT +│/);
    expect(text).toContain('• SmolLM2-135M-Instruct.Q4_1');
    expect(text).toContain('Alt+2, select one, s launches it; or:');
    expect(text).toMatch(/│ +mistralrs-tui serve SmolLM2-135M-Instruct\.Q4_1 +│/);
    expect(text).toContain('3. Run a GGUF in-process (no server):');
    expect(text).toContain('Alt+2, select it, e runs it; needs, once:');
    expect(text).toMatch(/│ +scripts\/install-embedded\.sh +│/);
  });

  const FOLDERS: readonly ModelFolder[] = [
    { path: '/home/me/.cache/huggingface/hub', kind: 'hf-cache', exists: true },
    { path: '/home/me/project/.models', kind: 'dot-models', exists: false },
    { path: '/home/me/.models', kind: 'home-models', exists: false },
  ];
  const MISSING = { found: false as const, message: 'mistralrs was not found on PATH' };

  function firstRun(o: { models?: ModelDescription[]; binary?: BinaryState } = {}): State {
    let s = testState(80, 24);
    s = update(s, { type: 'inventoryLoaded', models: o.models ?? [], folders: FOLDERS }, T)[0];
    if (o.binary !== undefined) s = update(s, { type: 'launcherChecked', binary: o.binary }, T)[0];
    return { ...s, backend: { ...s.backend, connection: 'down' } };
  }

  it('without models on disk names every folder looked in, as scanned, and how to add one', () => {
    const text = rows(firstRun()).join('\n');
    expect(text).toContain('none found yet; looked in:');
    expect(text).toMatch(/│ {5}\/home\/me\/\.cache\/huggingface\/hub +│/);
    expect(text).toMatch(/│ {5}\/home\/me\/project\/\.models \(missing\) +│/);
    expect(text).toMatch(/│ {5}\/home\/me\/\.models \(missing\) +│/);
    expect(text).toContain('Put a GGUF in one, or name a folder in');
    expect(text).toContain('[inventory] directories in the config.');
    // The old text sent users to a folder that was not scanned.
    expect(text).not.toContain('~/.models');
  });

  it('without mistralrs says how to install it instead of offering the launch key', () => {
    const text = rows(firstRun({ models: [testModel('smol')], binary: MISSING })).join('\n');
    expect(text).toContain('mistralrs is not on PATH; install it with:');
    expect(text).toMatch(/│ +cargo install mistralrs-cli --locked +│/);
    expect(text).toContain('or set launcher.binary to its path.');
    expect(text).toContain('• smol');
    expect(text).not.toContain('s launches it');
    expect(text).not.toContain('mistralrs-tui serve');
    // The in-process way needs no mistralrs.
    expect(text).toContain('Alt+2, select it, e runs it; needs, once:');
    // The model's details say it next to the command s would run.
    const s = firstRun({ models: [testModel('smol')], binary: MISSING });
    const tab = sidebar({ ...s, sidebarTab: 'models', width: 120, height: 40 }).join('\n');
    expect(tab).toContain('! mistralrs not on PATH; install:');
    // Wider than the 33 columns there: the option goes to the next line.
    expect(tab).toMatch(/│ cargo install mistralrs-cli +│\n│ --locked +│/);
  });

  it('with launcher.binary set to something that is not a binary, says so and names it', () => {
    const bad = { ...MISSING, configured: '/opt/mistralrs' };
    const text = rows(firstRun({ binary: bad })).join('\n');
    expect(text).toContain('launcher.binary /opt/mistralrs');
    expect(text).toContain('is not executable: fix it, or install with:');
    expect(text).toMatch(/│ +cargo install mistralrs-cli --locked +│/);
    expect(text).not.toContain('is not on PATH');
    expect(text).toMatch(/│ +scripts\/install-embedded\.sh +│/);
  });

  it('at 80x24 with neither mistralrs nor a model, everything fits to the last command', () => {
    const screen = rows(firstRun({ binary: MISSING }));
    const text = screen.join('\n');
    expect(text).toContain('cargo install mistralrs-cli --locked');
    expect(text).toContain('/home/me/.models (missing)');
    expect(text).toMatch(/│ +scripts\/install-embedded\.sh +│/);
  });

  it('the empty models tab lists the folders looked in', () => {
    const s = { ...firstRun(), sidebarTab: 'models' as const };
    const text = sidebar({ ...s, width: 120, height: 40 }).join('\n');
    expect(text).toContain('No models found. Looked in:');
    expect(text).toContain('/home/me/.models (missing)');
    expect(text).not.toContain('~/.models');
  });
});
