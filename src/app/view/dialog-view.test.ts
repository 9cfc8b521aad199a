// The template dialogs as drawn at 80x24 (issue 21, item 14d): labels whole,
// and the hint says what Enter on the last field does — the fill form
// inserts, the new-template form opens the text; only a form that saves
// says "saves".
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, type Frame } from '../../tui/index.js';
import { ViewCache } from '../geometry/chat-layout.js';
import { press, run, testState } from '../testing.js';
import type { State } from '../types/state.js';
import { drawApp } from './draw.js';

function screen(s: State): string {
  const buf = Buffer.sized(s.width, s.height);
  const frame: Frame = { buffer: buf, setCursor: () => undefined };
  drawApp(frame, s, new ViewCache(DARK_THEME));
  const out: string[] = [];
  for (let y = 0; y < s.height; y++) out.push(buf.rowText(y).trimEnd());
  return out.join('\n');
}

const withTemplates = (s: State): State =>
  run(s, {
    type: 'templatesLoaded',
    templates: [
      {
        id: 't1',
        name: 'summary',
        body: 'Summarise {{topic}} for {{the_audience_it_is_written_for}}.',
      },
    ],
    open: true,
  })[0];

describe('template dialogs at 80x24', () => {
  it('the new-template form shows its labels whole and says Enter opens the text', () => {
    let [s] = run(testState(80, 24), press('ctrl+t'));
    s = withTemplates(s);
    [s] = run(s, press('enter'));
    const text = screen(s);
    expect(text).toContain('New template');
    expect(text).toMatch(/│ Name {2,}\/template NAME inserts it/);
    expect(text).toMatch(/│ Description {2,}optional/);
    expect(text).toContain('Enter on the last field opens the text');
    const rows = text.split('\n').filter((r) => /│ (Name|Description) /.test(r));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).not.toContain('…');
  });

  it('the fill form shows a long variable name whole and says Enter inserts', () => {
    let [s] = run(testState(80, 24), press('ctrl+t'));
    s = withTemplates(s);
    [s] = run(s, press('down'), press('enter'));
    expect(s.overlay).toMatchObject({ dialog: { kind: 'pick', title: 'Template: summary' } });
    [s] = run(s, press('enter'));
    const text = screen(s);
    expect(text).toContain('Template: summary');
    expect(text).toContain('the_audience_it_is_written_for');
    expect(text).toContain('Enter on the last field inserts');
    expect(text).not.toContain('saves');
  });
});
