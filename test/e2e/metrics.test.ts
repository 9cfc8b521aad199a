// The metrics and logs tabs of the built app in a pseudo-terminal against the
// REAL mistral.rs server with the SmolLM2 test model: two replies, then the
// metrics tab shows the last reply's TTFT and tokens/s with sparklines over
// both, the session's totals and what the server says about its devices; a
// prompt longer than the context is refused and the tab learns the window from
// the refusal; the logs tab shows the app's log records as they were written,
// the failed reply among them. Nothing is mocked.
import { describe, expect, it } from 'vitest';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv } from '../helpers.js';
import { app, until } from './_tui.js';

whenRealServer('e2e/metrics.test.ts', it, (build) => {
  const server = useRealServer();

  describe('metrics and logs tabs with the real server', () => {
    it('shows reply figures with sparklines, totals and devices; the logs tab shows log records', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 8);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      for (const [i, text] of ['Say hi.', 'Say bye.'].entries()) {
        run.pty.write(text);
        await until(run, (s) => s.includes(text), `message ${i + 1} typed`);
        run.pty.write('\r');
        await until(
          run,
          (s) => (s.match(/tok\/s · \d+ tokens/g) ?? []).length === i + 1,
          `the figures of reply ${i + 1}`,
        );
      }

      run.pty.write('\x1b3'); // Alt+3: the metrics tab
      const metrics = await until(
        run,
        (s) => s.includes('Last reply') && /GPU|RAM/.test(s) && /\d+ run \d+ wait|tools/.test(s),
        'the metrics tab with its readings',
      );
      // The tab's rows ("TTFT    1.20 s  ▂█"), not the chat's footer ("TTFT 1.20 s · ...").
      expect(metrics).toMatch(/TTFT {4}[\d.]+ m?s +[▁▂▃▄▅▆▇█]{2}/);
      expect(metrics).toMatch(/tok\/s {3}[\d.]+ +[▁▂▃▄▅▆▇█]{2}/);
      expect(metrics).toMatch(/Session\s+2 replies/);
      expect(metrics).toMatch(/out\s+\d+ tokens/);
      expect(metrics).toMatch(/backend +local \(mistralrs\)/);
      expect(metrics).toMatch(/RAM .*GiB/);
      expect(metrics).toMatch(/context \d+ \/ unknown/);
      // The app's latency percentiles, and the server's own from /metrics where it has
      // the route (0.9.2); without it (0.8.1) the tab says what it lacks.
      expect(metrics).toMatch(/ [\d.]+ m?s · +[\d.]+ m?s app /);
      if (build.has.metrics) {
        expect(metrics).toMatch(/Server +from \/metrics/);
        expect(metrics).toMatch(/TTFT +[\d.]+ m?s · +[\d.]+ m?s (server|srv) /);
        expect(metrics).toMatch(/tokens +[\d,]+/);
      } else expect(metrics).toMatch(/no \/metrics route/);

      // A prompt longer than the model's context: the server refuses it, naming the window,
      // which the tab then uses; the failure is logged as a warning.
      run.pty.write('\t'); // Tab: from the sidebar back to typing (Alt+3 again stays on the tab)
      run.pty.write(`\x1b[200~${'hello '.repeat(12_000)}\x1b[201~`);
      await until(run, (s) => s.includes('hello hello'), 'the pasted prompt');
      run.pty.write('\r');
      // Both in one wait: a large frame reaches the emulator in pieces, and a
      // screen read between them can hold the sidebar's new row without the
      // chat's (seen once under the full suite's load).
      const refused = await until(
        run,
        (s) => /context \d+ \/ 8,192 \(\d+%\)/.test(s) && s.includes('greater than 8192'),
        'the context window learnt from the refusal',
      );
      expect(refused).toMatch(/greater than 8192/);

      run.pty.write('\x1b4'); // Alt+4: the logs tab
      const logs = await until(
        run,
        (s) =>
          s.includes('following') &&
          /\d\d:\d\d:\d\d I start\b/.test(s) &&
          s.includes('version=0.1.0') &&
          /\d\d:\d\d:\d\d W reply failed/.test(s),
        'the start and reply-failed records in the logs tab',
      );
      expect(logs).toContain('logs notices');
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);
  });
});
