// The status bar's indicators drawn into a buffer and read back as text.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, rect } from '../../tui/index.js';
import type { State } from '../types/state.js';
import { stateAfter, testState } from '../testing.js';
import { drawStatus } from './panels.js';

function status(s: State): string {
  const buf = Buffer.sized(s.width, 1);
  drawStatus(buf, rect(0, 0, s.width, 1), s, DARK_THEME);
  return buf.rowText(0).trimEnd();
}

describe('status bar', () => {
  it('shows the capabilities and the queue, and the running tool while it runs', () => {
    let s = stateAfter(
      testState(120, 40),
      {
        type: 'telemetry',
        update: {
          kind: 'capabilities',
          capabilities: {
            modelManagement: true,
            metrics: false,
            systemInfo: true,
            visionInput: false,
            audioInput: false,
            imageGeneration: false,
            speechGeneration: false,
            toolCalling: true,
            webSearch: true,
          },
        },
      },
      { type: 'serverQueue', running: 1, waiting: 0 },
    );
    expect(status(s)).toContain('· default 1 run 0 wait tools search');
    s = {
      ...s,
      chat: {
        ...s.chat,
        streaming: { requestId: 'r', itemId: 'i' },
        activity: 'searching the web',
      },
    };
    expect(status(s)).toContain('· default ⌕ search 1 run 0 wait tools');
  });

  it('at 80 columns the indicators leave the key hints their room', () => {
    const s = stateAfter(testState(80, 24), { type: 'serverQueue', running: 1, waiting: 0 });
    const line = status(s);
    expect(line).toContain('Enter send');
    expect(line.length).toBeLessThanOrEqual(80);
  });
});
