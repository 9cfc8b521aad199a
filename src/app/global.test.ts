// The app's shell (global.ts): palette, toasts, sidebar tabs and width, layouts, themes,
// remembered settings, and the handler table.
import { describe, expect, it } from 'vitest';
import type { MouseEvent } from '../tui/index.js';
import type { Action } from './types/actions.js';
import { HANDLERS } from './handlers.js';
import { COMMAND_IDS } from './types/keymap.js';
import { notify } from './panes/notify.js';
import type { State } from './types/state.js';
import { NOW, press, run, testState } from './testing.js';
import { update } from './update.js';
import { computeLayout, hitTest } from './geometry/layout.js';
import { Buffer, DARK_THEME } from '../tui/index.js';
import { ViewCache } from './geometry/chat-layout.js';
import { drawApp } from './view/draw.js';

/** `run`'s time; the toasts' clock starts there. */
const T0 = NOW;
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

function mouse(action: MouseEvent['action'], x: number, y: number): MouseEvent {
  return {
    type: 'mouse',
    action,
    button: 'left',
    x,
    y,
    ctrl: false,
    alt: false,
    shift: false,
    meta: false,
  };
}

/** A mouse action hit-tested on the state's own layout, as the runtime does. */
function click(s: State, action: MouseEvent['action'], x: number, y: number): Action {
  return { type: 'mouse', event: mouse(action, x, y), hit: hitTest(computeLayout(s), s, x, y) };
}

describe('commands', () => {
  it('every command in the keymap has a reducer', () => {
    expect(COMMAND_IDS.filter((id) => HANDLERS[id] === undefined)).toEqual([]);
  });
});

describe('command palette', () => {
  it('Ctrl+P opens it; typing filters; Enter runs the command and remembers it', () => {
    let [s] = run(testState(120, 40), press('ctrl+p'));
    expect(s.overlay?.kind).toBe('dialog');
    s = run(s, ...Array.from('chat only', (c) => press(c === ' ' ? 'space' : c)))[0];
    const [next, fx] = run(s, press('enter'));
    expect(next.overlay).toBeUndefined();
    expect(next.layout).toBe('single');
    expect(fx).toEqual([{ type: 'saveSetting', key: 'ui.layout', value: 'single' }]);
    expect(next.recentCommands[0]).toBe('layout.single');
    // The next time, the recent command comes first.
    const [again] = run(next, press('ctrl+p'));
    const d = again.overlay?.kind === 'dialog' ? again.overlay.dialog : undefined;
    expect(d?.kind === 'pick' && d.items[0]?.value).toBe('layout.single');
  });

  it('does not open with Quit (or suspend) as the first choice; they come last', () => {
    const [s] = run(testState(120, 40), press('ctrl+p'));
    const d = s.overlay?.kind === 'dialog' ? s.overlay.dialog : undefined;
    const values = d?.kind === 'pick' ? d.items.map((i) => i.value) : [];
    expect(values[0]).not.toBe('app.quit');
    expect(values.slice(-2)).toEqual(['app.quit', 'app.suspend']);
  });

  it('Esc closes it without running anything; Ctrl+C still quits', () => {
    const [open] = run(testState(), press('ctrl+p'));
    expect(run(open, press('esc'))[0].overlay).toBeUndefined();
    expect(run(open, press('ctrl+c'))[1]).toContainEqual({ type: 'quit' });
  });
});

describe('toasts and notifications', () => {
  it('a notice shows as a toast until its time is up and stays in the history', () => {
    let [s] = update(testState(), { type: 'notice', level: 'info', text: 'saved' }, T0);
    expect(s.toasts.map((t) => t.text)).toEqual(['saved']);
    expect(s.toasts[0]?.at).toBe(T0);
    s = update(s, { type: 'tick' }, at(1000))[0];
    expect(s.toasts).toHaveLength(1);
    s = update(s, { type: 'tick' }, at(3001))[0];
    expect(s.toasts).toEqual([]);
    expect(s.notices.map((n) => n.text)).toEqual(['saved']);
  });

  it('errors stay longer than information; the same text replaces its toast', () => {
    let [s] = update(testState(), { type: 'notice', level: 'error', text: 'boom' }, T0);
    s = update(s, { type: 'notice', level: 'error', text: 'boom' }, T0)[0];
    expect(s.toasts).toHaveLength(1);
    expect(update(s, { type: 'tick' }, at(5000))[0].toasts).toHaveLength(1);
    expect(update(s, { type: 'tick' }, at(8001))[0].toasts).toHaveLength(0);
    expect(s.notices).toHaveLength(2);
  });

  it('a click on a toast dismisses the toasts', () => {
    const s = notify(testState(120, 40), 'warn', 'careful');
    const r = computeLayout(s).toasts[0];
    if (r === undefined) throw new Error('no toast drawn');
    expect(run(s, click(s, 'press', r.x + 1, r.y))[0].toasts).toEqual([]);
  });

  it('the notifications command (Alt+N) shows the history in full in the logs tab', () => {
    const s = notify(notify(testState(120, 40), 'info', 'first'), 'error', 'second');
    const [shown] = run(s, press('alt+n'));
    expect([shown.sidebarTab, shown.logs.view, shown.focus]).toEqual([
      'logs',
      'notifications',
      'sidebar',
    ]);
  });
});

describe('sidebar', () => {
  it('Alt+2 shows the models tab and focuses it; pressed again it stays there', () => {
    const [s, fx] = run(testState(120, 40), press('alt+2'));
    expect([s.sidebarTab, s.focus]).toEqual(['models', 'sidebar']);
    expect(fx).toEqual([{ type: 'saveSetting', key: 'ui.sidebar_tab', value: 'models' }]);
    const [again, fx2] = run(s, press('alt+2'));
    expect([again.sidebarTab, again.focus, fx2]).toEqual(['models', 'sidebar', []]);
  });

  it('Alt+1…4 focus their tab from any pane, and bring the sidebar back beside a narrow inspector', () => {
    for (const [key, tab] of [
      ['alt+1', 'sessions'],
      ['alt+2', 'models'],
      ['alt+3', 'metrics'],
      ['alt+4', 'logs'],
    ] as const) {
      for (const from of ['composer', 'chat', 'sidebar'] as const) {
        const [s] = run({ ...testState(120, 40), focus: from }, press(key));
        expect([s.sidebarTab, s.focus]).toEqual([tab, 'sidebar']);
      }
    }
    const [narrow] = run(testState(100, 30), press('ctrl+o'));
    expect(computeLayout(narrow).sidebar).toBeUndefined();
    const [s] = run(narrow, press('alt+3'));
    expect([s.layout, s.sidebarTab, s.focus]).toEqual(['dual', 'metrics', 'sidebar']);
  });

  it('a tab key in the single layout brings the sidebar back', () => {
    const [single] = run(testState(120, 40), press('ctrl+b'));
    expect(single.layout).toBe('single');
    const [s] = run(single, press('alt+3'));
    expect([s.layout, s.sidebarTab, s.focus]).toEqual(['dual', 'metrics', 'sidebar']);
  });

  it('] and [ step through the tabs; q quits from any tab', () => {
    let [s] = run(testState(120, 40), press('alt+1'));
    s = run(s, press(']'), press(']'))[0];
    expect(s.sidebarTab).toBe('metrics');
    s = run(s, press('['))[0];
    expect(s.sidebarTab).toBe('models');
    expect(run(s, press('q'))[1]).toContainEqual({ type: 'quit' });
  });

  it('at 80 columns < at the widest says so, and > narrows what is on screen at once', () => {
    let [s] = run(testState(80, 24), press('alt+1'));
    expect(computeLayout(s).sidebar?.width).toBe(26);
    const [wide, wideFx] = run(s, press('<'));
    expect(wideFx).toEqual([]);
    expect(wide.toasts.map((t) => t.text)).toEqual([
      'The sidebar is at its widest: a third of the screen (26 of 80 columns)',
    ]);
    [s] = run(s, press('>'));
    expect(computeLayout(s).sidebar?.width).toBe(24);
    [s] = run(s, press('>'));
    expect(s.toasts.map((t) => t.text)).toEqual(['The sidebar is at its narrowest (24 columns)']);
  });

  it('at 60 columns the tab row shows the tab’s whole title between ‹ and ›, which step', () => {
    const s = testState(60, 20);
    const row = computeLayout(s).sidebarTabs;
    if (row === undefined) throw new Error('no sidebar');
    const buf = Buffer.sized(60, 20);
    drawApp({ buffer: buf, setCursor: () => undefined }, s, new ViewCache(DARK_THEME));
    expect(
      buf
        .rowText(row.y)
        .slice(row.x, row.x + row.width)
        .trimEnd(),
    ).toBe(' ‹  Sessions  ›');
    const text = buf.rowText(row.y);
    const [prev] = run(s, click(s, 'press', text.indexOf('‹'), row.y));
    expect([prev.sidebarTab, prev.focus]).toEqual(['logs', 'sidebar']);
    const [next] = run(s, click(s, 'press', text.indexOf('›'), row.y));
    expect(next.sidebarTab).toBe('models');
  });

  it('clicking a tab title switches to it', () => {
    const s = testState(120, 40);
    const tabs = computeLayout(s).sidebarTabs;
    if (tabs === undefined) throw new Error('no sidebar');
    // "Sessions  Models": the second title starts 11 cells in.
    const [next] = run(s, click(s, 'press', tabs.x + 12, tabs.y));
    expect([next.sidebarTab, next.focus]).toEqual(['models', 'sidebar']);
  });

  it('< and > resize it and remember the width; the border drags', () => {
    let [s, fx] = run(testState(200, 50), press('alt+1'), press('<'));
    expect(s.sidebarWidth).toBe(40);
    expect(fx).toContainEqual({ type: 'saveSetting', key: 'ui.sidebar_width', value: '40' });
    s = run(s, press('>'), press('>'))[0];
    expect(s.sidebarWidth).toBe(32);
    const border = computeLayout(s).sidebar?.x ?? -1;
    [s, fx] = run(s, click(s, 'press', border, 10), click(s, 'drag', 150, 10));
    expect(s.sidebarWidth).toBe(50);
    expect(fx).toEqual([]);
    [s, fx] = run(s, click(s, 'release', 150, 10));
    expect(s.drag).toBeUndefined();
    expect(fx).toEqual([{ type: 'saveSetting', key: 'ui.sidebar_width', value: '50' }]);
    // Never wider than a third of the screen, never narrower than 24.
    s = run(
      s,
      click(s, 'press', computeLayout(s).sidebar?.x ?? 0, 10),
      click(s, 'drag', 10, 10),
    )[0];
    expect(s.sidebarWidth).toBe(66);
    s = run(s, click(s, 'drag', 199, 10))[0];
    expect(s.sidebarWidth).toBe(24);
  });
});

describe('layouts and themes', () => {
  it('Ctrl+O shows the inspector; Tab reaches it; hiding it moves focus back', () => {
    let [s] = run(testState(160, 40), press('ctrl+o'));
    expect(s.layout).toBe('inspector');
    expect(computeLayout(s).inspector).toBeDefined();
    expect(computeLayout(s).sidebar).toBeDefined();
    s = run(s, press('tab'), press('tab'))[0];
    expect(s.focus).toBe('inspector');
    s = run(s, press('ctrl+o'))[0];
    expect([s.layout, s.focus]).toEqual(['dual', 'composer']);
  });

  it('the inspector layout drops the sidebar on narrow screens', () => {
    const [s] = run(testState(100, 30), press('ctrl+o'));
    expect(computeLayout(s).sidebar).toBeUndefined();
    expect(computeLayout(s).inspector).toBeDefined();
  });

  it('the theme command cycles dark, light, high contrast, remembers it and says which is on', () => {
    const [s, fx] = run(testState(), { type: 'command', id: 'app.theme' });
    expect(s.theme).toBe('light');
    expect(fx).toEqual([{ type: 'saveSetting', key: 'ui.theme', value: 'light' }]);
    expect(s.toasts.map((t) => t.text)).toEqual(['Theme: light (also dark, high-contrast)']);
  });

  it('remembered settings apply at start, keeping focus on a shown pane', () => {
    let s: State = { ...testState(120, 40), focus: 'sidebar' };
    s = run(s, {
      type: 'settingsLoaded',
      layout: 'single',
      theme: 'high-contrast',
      sidebarWidth: 44,
      sidebarTab: 'logs',
    })[0];
    expect([s.layout, s.theme, s.sidebarWidth, s.sidebarTab, s.focus]).toEqual([
      'single',
      'high-contrast',
      44,
      'logs',
      'composer',
    ]);
  });
});

describe('sidebar tab titles', () => {
  it('are shortened when the sidebar is narrow, and clicks still find them', () => {
    const s = testState(80, 24);
    const l = computeLayout(s);
    if (l.sidebarTabs === undefined) throw new Error('no sidebar');
    expect(l.sidebarTabs.width).toBeLessThan(33);
    // " Ses  Mod  Met  Log ": the third title starts 11 cells in.
    const [next] = run(s, click(s, 'press', l.sidebarTabs.x + 11, l.sidebarTabs.y));
    expect(next.sidebarTab).toBe('metrics');
  });
});

describe('status bar model label', () => {
  it('shows a path by its last part and other ids whole', async () => {
    const { modelLabel } = await import('./view/panels.js');
    expect(modelLabel('/root/.cache/mistralrs-tui/models')).toBe('…/models');
    expect(modelLabel('C:\\models\\smol\\')).toBe('…/smol');
    expect(modelLabel('./models/x.gguf')).toBe('…/x.gguf');
    expect(modelLabel('mistralai/Mistral-7B-Instruct')).toBe('mistralai/Mistral-7B-Instruct');
    expect(modelLabel('default')).toBe('default');
  });
});
