// Regression (issue 21, item 14a), end to end against the REAL mistral.rs
// 0.8.1 server: the status bar's dot said "connected" for 75 s after the
// server died, because /health was asked again only while the server was
// down. Now it is asked while connected too, so the dot turns to
// "unreachable" on its own, with no key pressed and no message sent.
import { describe, expect, it } from 'vitest';
import { startRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv } from '../helpers.js';
import { app, until } from './_tui.js';

whenRealServer('e2e/connection.test.ts', it, (build) => {
  describe('the connection dot', () => {
    it('turns to unreachable on its own once the server stops', async () => {
      // A server of its own: this test stops it.
      const server = await startRealServer(build);
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 8);
      try {
        await until(run, (s) => s.includes('● connected'), 'the dot saying connected');
        await server.stop();
        const s = await until(
          run,
          (x) => x.includes('○ unreachable'),
          'the dot saying unreachable with no key pressed',
          40_000,
        );
        expect(s).not.toContain('● connected');
      } finally {
        run.pty.kill();
        await server.stop();
      }
    }, 180_000);
  });
});
