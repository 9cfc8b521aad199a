import { describe, expect, it } from 'vitest';
import type { Effect } from '../types/effects.js';
import type { State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import { completionIndex, shownCompletions } from './composer.js';
import {
  applyPreset,
  chatDefaults,
  fromJson,
  parseValue,
  settingsFromForm,
  settingsLabel,
  toJson,
} from './session-settings.js';
import { completions, nearestSlash, parseSlash } from './slash.js';
import { nameProblem } from './templates.js';

const typeText = (s: State, text: string): State => run(s, ...Array.from(text, (c) => press(c)))[0];

/** Types `text` and presses Enter. */
const enter = (s: State, text: string): [State, Effect[]] => run(typeText(s, text), press('enter'));

const lastNotice = (s: State) => s.notices.at(-1);
const sendOf = (fx: readonly Effect[]) =>
  fx.find((e): e is Extract<Effect, { type: 'sendChat' }> => e.type === 'sendChat');

describe('slash parsing and completion', () => {
  it('parses the name (any case) and the rest; // is a literal slash', () => {
    expect(parseSlash('/Temp  0.3 ')).toEqual({ name: 'temp', arg: '0.3' });
    expect(parseSlash('/system be brief\nplease')).toEqual({
      name: 'system',
      arg: 'be brief\nplease',
    });
    expect(parseSlash('//not a command')).toBeUndefined();
    expect(parseSlash('hello')).toBeUndefined();
  });

  it('names the nearest command for a typo', () => {
    expect(nearestSlash('tmp').name).toBe('temp');
    expect(nearestSlash('modle').name).toBe('model');
    expect(nearestSlash('expor').name).toBe('export');
  });

  it('offers command names while the name is typed, best first', () => {
    const c = completions(typeText(testState(), '/te'));
    expect(c?.items[0]).toMatchObject({ label: '/temp <0-2>', text: '/temp ' });
    expect(c?.items.map((i) => i.label)).toContain('/template [name]');
    expect(completions(typeText(testState(), 'hi /te'))).toBeUndefined();
  });

  it('offers argument values: presets, layouts and the known models', () => {
    let s = typeText(testState(), '/preset c');
    expect(completions(s)?.items.map((i) => i.label)).toEqual(['creative', 'precise', 'balanced']);
    s = typeText(testState(), '/model ');
    expect(completions(s)?.items.map((i) => i.label)).toEqual(['default']);
    expect(completions(s)?.spec?.name).toBe('model');
    s = typeText(testState(), '/layout ');
    expect(completions(s)?.items.map((i) => i.label)).toEqual(['single', 'dual', 'inspector']);
  });

  it('up/down choose, Tab completes, Esc hides the list until the text changes', () => {
    let s = typeText(testState(), '/la');
    expect(shownCompletions(s)?.items[0]?.label).toBe('/layout <name>');
    s = typeText(testState(), '/t');
    const labels = shownCompletions(s)?.items.map((i) => i.label) ?? [];
    [s] = run(s, press('down'));
    expect(completionIndex(s)).toBe(1);
    [s] = run(s, press('tab'));
    expect(s.composer.editor.value.trim()).toBe(labels[1]?.split(' ')[0]);
    expect(s.focus).toBe('composer');
    s = typeText(testState(), '/th');
    [s] = run(s, press('esc'));
    expect(shownCompletions(s)).toBeUndefined();
    s = typeText(s, 'e');
    expect(shownCompletions(s)).toBeDefined();
  });

  it('Tab moves focus on when no list shows', () => {
    const [s] = run(typeText(testState(), 'hello'), press('tab'));
    expect(s.focus).toBe('chat');
  });
});

describe('running slash commands', () => {
  it('/temp sets the chat temperature (preset custom) and clears the text', () => {
    const [s, fx] = enter(testState(), '/temp 0.3');
    expect(s.composer.settings).toMatchObject({ preset: 'custom', temperature: 0.3 });
    expect(s.composer.editor.value).toBe('');
    expect(lastNotice(s)).toMatchObject({ level: 'info', text: 'Temperature: 0.3' });
    // A new chat keeps them until its first message saves the session.
    expect(fx).toEqual([]);
  });

  it('a bad value is an error naming the range; the text stays to be fixed', () => {
    const [s] = enter(testState(), '/temp 5');
    expect(lastNotice(s)).toMatchObject({
      level: 'error',
      text: 'Temperature must be a number from 0 to 2 (got "5")',
    });
    expect(s.composer.editor.value).toBe('/temp 5');
    const [t] = enter(testState(), '/max_tokens 1.5');
    expect(lastNotice(t)?.text).toBe(
      'Max tokens must be a whole number from 1 to 10000000 (got "1.5")',
    );
    const [u] = enter(testState(), '/top_p x');
    expect(lastNotice(u)?.text).toContain('Top-p must be a number from 0 to 1');
  });

  it('an unknown command names the nearest one', () => {
    const [s, fx] = enter(testState(), '/tmp 1');
    expect(lastNotice(s)).toMatchObject({ level: 'error' });
    expect(lastNotice(s)?.text).toContain('Unknown command /tmp: did you mean /temp?');
    expect(fx).toEqual([]);
    expect(s.chat.items).toEqual([]);
  });

  it('Enter on a half-typed name runs the chosen command, or completes one that needs a value', () => {
    let [, fx] = enter(testState(), '/cle');
    expect(fx).toEqual([{ type: 'runCommand', id: 'session.new' }]);
    let s: State;
    [s, fx] = enter(testState(), '/tem');
    expect(s.composer.editor.value).toBe('/temp ');
    expect(fx).toEqual([]);
    [s] = enter(testState(), '/preset cre');
    expect(s.composer.settings).toMatchObject({ preset: 'creative', temperature: 1.1, topP: 0.98 });
  });

  it('commands that exist as app commands run through runCommand', () => {
    expect(enter(testState(), '/layout single')[1]).toEqual([
      { type: 'runCommand', id: 'layout.single' },
    ]);
    expect(enter(testState(), '/theme')[1]).toEqual([{ type: 'runCommand', id: 'app.theme' }]);
    // /theme NAME selects that theme, completes its name and says which theme is on.
    const [hc, hcFx] = enter(testState(), '/theme high-contrast');
    expect([hc.theme, lastNotice(hc)?.text]).toEqual([
      'high-contrast',
      'Theme: high-contrast (also dark, light)',
    ]);
    expect(hcFx).toEqual([{ type: 'saveSetting', key: 'ui.theme', value: 'high-contrast' }]);
    expect(completions(typeText(testState(), '/theme '))?.items.map((i) => i.label)).toEqual([
      'dark',
      'light',
      'high-contrast',
    ]);
    const [bad] = enter(testState(), '/theme solarized');
    expect([bad.theme, lastNotice(bad)?.text]).toEqual([
      'dark',
      'Unknown theme "solarized": use dark, light, high-contrast',
    ]);
    expect(enter(testState(), '/retry')[1]).toEqual([{ type: 'runCommand', id: 'chat.retry' }]);
    const [s] = enter(testState(), '/layout triple');
    expect(lastNotice(s)?.text).toBe('Unknown layout "triple": use single, dual, inspector');
  });

  it('/system with text sets the prompt; without opens a multi-line dialog', () => {
    let [s] = enter(testState(), '/system Answer in French.');
    expect(s.composer.settings.systemPrompt).toBe('Answer in French.');
    [s] = enter(testState(), '/system');
    expect(s.overlay).toMatchObject({
      kind: 'dialog',
      dialog: { kind: 'prompt', multiline: true },
    });
  });

  it('/model switches the model for the next messages', () => {
    const [s] = enter(testState(), '/model other-model');
    expect(s.backend.model).toBe('other-model');
    expect(lastNotice(s)?.level).toBe('warn');
  });

  it('//text sends a message starting with a slash; ↑ recalls sent messages and commands', () => {
    const [sent, fx] = enter(testState(), '//etc/hosts');
    let s = sent;
    expect(sendOf(fx)?.messages.at(-1)?.content).toBe('/etc/hosts');
    [s] = run(s, {
      type: 'streamEnded',
      requestId: s.chat.streaming?.requestId ?? '',
      figures: {},
    });
    [s] = enter(s, '/temp 1');
    [s] = run(s, press('up'));
    expect(s.composer.editor.value).toBe('/temp 1');
    [s] = run(s, press('ctrl+up'));
    expect(s.composer.editor.value).toBe('//etc/hosts');
    [s] = run(s, press('ctrl+down'));
    expect(s.composer.editor.value).toBe('/temp 1');
  });

  it('↑ keeps walking the history through recalled commands (their list does not take it)', () => {
    let [s] = enter(testState(), '/theme');
    [s] = enter(s, '/retry');
    [s] = run(s, press('up'));
    expect(s.composer.editor.value).toBe('/retry');
    expect(shownCompletions(s)).toBeDefined();
    [s] = run(s, press('up'));
    expect(s.composer.editor.value).toBe('/theme');
    // Edited, ↑/↓ choose in the list again.
    [s] = run(s, press('backspace'), press('down'));
    expect(s.composer.editor.value).toBe('/them');
  });

  it('/rename and /export need a saved chat', () => {
    expect(lastNotice(enter(testState(), '/rename x')[0])?.text).toContain('Nothing to rename yet');
    const open = testState(80, 24, { chat: { sessionId: 's1', title: 'T', items: [], scroll: 0 } });
    expect(enter(open, '/rename New title')[1]).toEqual([
      { type: 'renameSession', sessionId: 's1', title: 'New title' },
    ]);
    expect(enter(open, '/export jsonl /tmp/out.jsonl')[1]).toEqual([
      expect.objectContaining({ type: 'exportSession', path: '/tmp/out.jsonl', format: 'jsonl' }),
    ]);
    // No extension: the runtime writes into the folder it names, or adds the extension.
    expect(enter(open, '/export jsonl /tmp')[1]).toEqual([
      {
        type: 'exportSession',
        sessionId: 's1',
        path: '/tmp',
        format: 'jsonl',
        overwrite: false,
        inFolder: 't.jsonl',
      },
    ]);
  });
});

describe('chat settings', () => {
  it('checks typed values against their ranges', () => {
    expect(parseValue('temperature', '0.7')).toEqual({ ok: true, value: 0.7 });
    expect(parseValue('temperature', '')).toEqual({ ok: true, value: undefined });
    expect(parseValue('topP', '1.5')).toMatchObject({ ok: false });
    expect(parseValue('maxTokens', '0')).toMatchObject({ ok: false });
  });

  it('every request carries the system prompt first and the sampling', () => {
    let [s] = enter(testState(), '/preset precise');
    [s] = enter(s, '/system Be brief.');
    const [, fx] = enter(s, 'hello');
    const send = sendOf(fx);
    expect(send?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello' },
    ]);
    expect(send?.sampling).toEqual({ temperature: 0.2, topP: 0.9 });
    expect(send?.sessionSettings).toMatchObject({ preset: 'precise', system_prompt: 'Be brief.' });
  });

  it('an open session stores changes; its stored settings apply when it is opened', () => {
    let s = testState(80, 24, { chat: { sessionId: 's1', items: [], scroll: 0 } });
    const [, fx] = enter(s, '/max_tokens 64');
    expect(fx).toEqual([
      {
        type: 'saveSessionSettings',
        sessionId: 's1',
        settings: expect.objectContaining({ max_tokens: 64 }) as unknown,
      },
    ]);
    const other = testState(80, 24, {
      chat: {
        sessionId: 's2',
        items: [
          {
            id: 'm1',
            role: 'user',
            content: 'earlier question',
            status: 'complete',
            createdAt: NOW,
          },
        ],
        scroll: 0,
      },
    });
    [s] = run(other, {
      type: 'sessionSettingsLoaded',
      sessionId: 's2',
      settings: { preset: 'balanced', temperature: 0.7, top_p: 0.95, system_prompt: 'Hi' },
    });
    expect(s.composer.settings).toEqual({
      preset: 'balanced',
      temperature: 0.7,
      topP: 0.95,
      systemPrompt: 'Hi',
    });
    expect(settingsLabel(s)).toBe('balanced · system prompt');
    // The session's user messages are in the input history.
    [s] = run(s, press('up'));
    expect(s.composer.editor.value).toBe('earlier question');
  });

  it('a new chat starts from the defaults again', () => {
    let s = testState(80, 24, { chat: { sessionId: 's1', items: [], scroll: 0 } });
    [s] = enter(s, '/temp 1.5');
    expect(settingsLabel(s)).toBe('T 1.5');
    [s] = run(s, { type: 'command', id: 'session.new' });
    expect(settingsLabel(s)).toBe('');
  });

  it('round-trips through the stored JSON; a cleared prompt stays cleared', () => {
    const d = chatDefaults({ preset: 'creative', maxTokens: 100, systemPrompt: 'Default' });
    expect(d).toEqual({
      preset: 'creative',
      temperature: 1.1,
      topP: 0.98,
      maxTokens: 100,
      systemPrompt: 'Default',
    });
    const mine = applyPreset({ preset: 'default', maxTokens: 5 }, 'precise');
    expect(fromJson(toJson(mine), d)).toEqual(mine);
    expect(fromJson({}, d)).toEqual(d);
  });

  it('the form: a new preset sets the sampling, a typed value makes it custom, bad input says why', () => {
    const before = { preset: 'default' as const, maxTokens: 1024 };
    expect(settingsFromForm(before, ['balanced', '', '', '1024', ''])).toEqual({
      ok: true,
      settings: { preset: 'balanced', temperature: 0.7, topP: 0.95, maxTokens: 1024 },
    });
    expect(settingsFromForm(before, ['default', '0.4', '', '', 'Be kind'])).toEqual({
      ok: true,
      settings: { preset: 'custom', temperature: 0.4, systemPrompt: 'Be kind' },
    });
    expect(settingsFromForm(before, ['wild', '', '', '', ''])).toEqual({
      ok: false,
      error: 'Unknown preset "wild": use default, precise, balanced, creative, custom',
    });
    expect(settingsFromForm(before, ['default', '3', '', '', ''])).toMatchObject({ ok: false });
  });

  it('the settings dialog keeps itself open with the error', () => {
    let [s] = run(testState(), { type: 'command', id: 'session.settings' });
    expect(s.overlay).toMatchObject({ dialog: { kind: 'form', title: 'Chat settings' } });
    s = typeText(s, 'x');
    [s] = run(s, press('ctrl+s'));
    expect(s.overlay).toMatchObject({
      dialog: { error: expect.stringContaining('Unknown preset') as unknown },
    });
  });
});

describe('templates', () => {
  const loaded = (s: State): State =>
    run(s, {
      type: 'templatesLoaded',
      templates: [
        { id: 't1', name: 'summary', body: 'Summarise {{topic}} for {{audience}}.' },
        { id: 't2', name: 'plain', body: 'Say hi.' },
      ],
    })[0];

  it('/template NAME asks for the variables, then fills the composer', () => {
    let [s] = enter(loaded(testState()), '/template summary');
    expect(s.overlay).toMatchObject({ dialog: { kind: 'form', title: 'Template: summary' } });
    s = typeText(s, 'the moon');
    [s] = run(s, press('enter'));
    s = typeText(s, 'kids');
    [s] = run(s, press('enter'));
    expect(s.overlay).toBeUndefined();
    expect(s.composer.editor.value).toBe('Summarise the moon for kids.');
  });

  it('a template without variables goes in at once; an unknown one is loaded, then named', () => {
    const [s] = enter(loaded(testState()), '/template plain');
    expect(s.composer.editor.value).toBe('Say hi.');
    const [t, fx] = enter(testState(), '/template nope');
    expect(fx).toEqual([{ type: 'loadTemplates', insert: 'nope' }]);
    const [u] = run(t, { type: 'templatesLoaded', templates: [], insert: 'nope' });
    expect(lastNotice(u)?.text).toBe('No template "nope": there are none yet (Ctrl+T creates one)');
  });

  it('the manager creates a template: name, then text, then a saveTemplate effect', () => {
    let [s, fx] = run(testState(), press('ctrl+t'));
    expect(fx).toEqual([{ type: 'loadTemplates', open: true }]);
    [s] = run(s, { type: 'templatesLoaded', templates: [], open: true });
    expect(s.overlay).toMatchObject({ dialog: { kind: 'pick', title: 'Templates' } });
    [s] = run(s, press('enter'));
    s = typeText(s, 'greet');
    [s] = run(s, press('enter'), press('enter'));
    expect(s.overlay).toMatchObject({ dialog: { kind: 'prompt', multiline: true } });
    s = typeText(s, 'Hello {{name}}');
    [, fx] = run(s, press('enter'));
    expect(fx).toEqual([{ type: 'saveTemplate', name: 'greet', body: 'Hello {{name}}' }]);
  });

  it('names must be present and unique', () => {
    const s = loaded(testState());
    expect(nameProblem(s, ' ')).toBe('Give the template a name');
    expect(nameProblem(s, 'Summary')).toBe(
      'A template named "summary" exists: choose another name',
    );
    expect(nameProblem(s, 'summary', 't1')).toBeUndefined();
  });
});
