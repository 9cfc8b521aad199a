// The built app in a pseudo-terminal against the REAL mistral.rs server with
// the SmolLM2 test model: send a message and watch the reply stream in, quit,
// start again and find the session; cancel a reply with Esc and find it kept,
// marked cancelled. Nothing is mocked. Under CI a missing server binary or
// model fails with the command that fixes it (whenRealServer).
import { describe, expect, it } from 'vitest';
import { startFaultProxy } from '../fixtures/backends/fault-proxy.js';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv } from '../helpers.js';
import { app, replyText, until } from './_tui.js';

whenRealServer('e2e/chat.test.ts', it, () => {
  const server = useRealServer();

  describe('chatting with the real server', () => {
    it('streams a reply, keeps the session, and reopens it after a restart', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 12);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Say hi to me.');
      await until(run, (s) => s.includes('Say hi to me.'), 'the typed message');
      run.pty.write('\r');
      // The reply is drawn while it streams (spinner), then ends with its figures.
      await until(run, (s) => s.includes('Esc stops'), 'the streaming reply');
      const done = await until(
        run,
        (s) => /TTFT .* tok\/s · \d+ tokens/.test(s),
        'the reply figures',
      );
      const reply = replyText(done);
      expect(reply.length).toBeGreaterThan(0);
      expect(done).toContain(' you ');
      expect(done).toMatch(/1 saved/);
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);

      // Start again: the last session opens with the same exchange.
      const again = app(home, env, server.url, 12);
      const reopened = await until(
        again,
        (s) => s.includes('Say hi to me.') && s.includes('tok/s'),
        'the reopened session',
        20_000,
      );
      expect(replyText(reopened)).toBe(reply);
      expect(reopened).toMatch(/•Say hi to me\./);
      again.pty.write('\x03');
      expect((await again.exited).exitCode).toBe(0);
    }, 240_000);

    it('Esc cancels a streaming reply; the partial text is kept and marked cancelled, also after a restart', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 2000);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Write a long story about a lighthouse keeper.');
      await until(run, (s) => s.includes('lighthouse keeper.'), 'the typed message');
      run.pty.write('\r');
      await until(run, (s) => s.includes('generating…'), 'the first tokens');
      run.pty.write('\x1b');
      const cancelled = await until(run, (s) => s.includes('⊘ cancelled'), 'the cancelled mark');
      const partial = replyText(cancelled);
      expect(partial.length).toBeGreaterThan(0);
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);

      const again = app(home, env, server.url, 2000);
      const reopened = await until(
        again,
        (s) => s.includes('⊘ cancelled'),
        'the reopened cancelled reply',
        20_000,
      );
      expect(replyText(reopened)).toBe(partial);
      again.pty.write('\x03');
      await again.exited;
    }, 240_000);
    it('a connection cut mid-reply shows a clear error with the partial reply; Ctrl+R asks again and the retry is what reopens', async () => {
      const proxy = await startFaultProxy(server.url);
      try {
        proxy.fault = { kind: 'cut', after: 6 };
        const { home, env } = isolatedEnv();
        const run = app(home, env, proxy.url, 200);
        await until(run, (s) => s.includes('● connected'), 'the connected status');
        run.pty.write('Tell me about boats.');
        await until(run, (s) => s.includes('about boats.'), 'the typed message');
        run.pty.write('\r');
        const failed = await until(run, (s) => s.includes('Ctrl+R asks again.'), 'the error');
        expect(failed).toMatch(/✗ .*(closed|cut|connection)/i);
        const partial = replyText(failed);
        expect(partial.length).toBeGreaterThan(0);
        // Ctrl+R asks again; this time nothing cuts the connection.
        proxy.fault = { kind: 'none' };
        run.pty.write('\x12');
        // A full 200-token reply: on a loaded machine 0.9.2 can take minutes for it.
        await until(run, (s) => /TTFT .* tok\/s/.test(s), 'the retried reply', 150_000);
        run.pty.write('\x03');
        expect((await run.exited).exitCode).toBe(0);

        const again = app(home, env, server.url, 200);
        // The retried reply is the newest branch, so it is what opens.
        const reopened = await until(
          again,
          (s) => s.includes('tok/s'),
          'the reopened retry',
          20_000,
        );
        expect(reopened).not.toContain('Ctrl+R asks again.');
        again.pty.write('\x03');
        await again.exited;
      } finally {
        await proxy.close();
      }
    }, 240_000);
    it('a stalled stream says "no data for N s — Esc stops"; Ctrl+C stops the reply and says so, a second Ctrl+C quits', async () => {
      const proxy = await startFaultProxy(server.url);
      try {
        proxy.fault = { kind: 'stall', after: 3 };
        const { home, env } = isolatedEnv();
        const run = app(home, env, proxy.url, 200);
        await until(run, (s) => s.includes('● connected'), 'the connected status');
        run.pty.write('Tell me about trains.');
        await until(run, (s) => s.includes('about trains.'), 'the typed message');
        run.pty.write('\r');
        // Long before the idle timeout (two minutes), the spinner line says the stream is quiet.
        await until(run, (s) => /no data for \d+ s — Esc stops/.test(s), 'the quiet stream');
        run.pty.write('\x03');
        const stopped = await until(run, (s) => s.includes('⊘ cancelled'), 'the stopped reply');
        expect(stopped).toContain('Reply stopped. Ctrl+C again quits.');
        expect(stopped).toContain('about trains.');
        run.pty.write('\x03');
        expect((await run.exited).exitCode).toBe(0);
      } finally {
        await proxy.close();
      }
    }, 240_000);
    it('a resize while a reply streams redraws at the new size and the reply completes', async () => {
      const { home, env } = isolatedEnv();
      const run = app(home, env, server.url, 40);
      await until(run, (s) => s.includes('● connected'), 'the connected status');
      run.pty.write('Describe the moon.');
      await until(run, (s) => s.includes('the moon.'), 'the typed message');
      run.pty.write('\r');
      await until(run, (s) => s.includes('Esc stops'), 'the streaming reply');
      run.pty.resize(70, 22);
      const done = await until(
        run,
        (s) => s.includes('tok/s') && s.split('\n')[0]?.trimEnd().length === 70,
        'the finished reply at 70x22',
        90_000,
        [70, 22],
      );
      expect(done).toContain('Describe the moon.');
      run.pty.resize(50, 15);
      await until(
        run,
        (s) => s.includes('Terminal too small: 50x15'),
        'the too-small notice',
        20_000,
        [50, 15],
      );
      run.pty.write('\x03');
      expect((await run.exited).exitCode).toBe(0);
    }, 240_000);
  });
});
