// The web host's gate and lifecycle in a real browser (Debian's chromium via
// playwright-core), with the built app: who may open the page, the
// WebSocket's Origin check, one controlling browser at a time with a take-over,
// the DOM renderer when WebGL is off, Ctrl+C in the launching terminal, and a
// log without the token. No model is needed: the backend address answers nothing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { closedPort, isolatedEnv, runCli } from '../helpers.js';
import {
  launchChromium,
  startWeb,
  untilScreen,
  whenChromium,
  type PageGlobals,
  type WebRun,
} from './_browser.js';
import type { Browser } from 'playwright-core';

whenChromium('e2e/web-gate.test.ts', it, () => {
  describe('mistralrs-tui web: the gate', () => {
    let browser: Browser;
    let run: WebRun;
    beforeAll(async () => {
      const { home, env } = isolatedEnv();
      [browser, run] = await Promise.all([
        launchChromium(),
        startWeb(home, env, `http://127.0.0.1:${await closedPort()}`),
      ]);
    }, 60_000);
    afterAll(async () => {
      await browser.close();
      run.child.kill('SIGKILL');
    });

    it('doctor names the web host and its renderers', async () => {
      const { env } = isolatedEnv();
      const r = runCli(['doctor', '--url', `http://127.0.0.1:${await closedPort()}`], env);
      expect(r.stdout).toMatch(
        /^ok +web: +`mistralrs-tui web` draws in a browser with WebGL \(GPU\)/m,
      );
    });

    it('warns before listening beyond loopback, and says why it cannot listen', async () => {
      const { env } = isolatedEnv();
      // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning, then a clean failure.
      const r = runCli(
        ['--url', `http://127.0.0.1:${await closedPort()}`, 'web', '--host', '192.0.2.1'],
        env,
      );
      expect(r.stderr).toContain('warning: listening on 192.0.2.1, which other machines may reach');
      expect(r.stderr).toContain('without --tls-cert the token crosses the network in clear text');
      expect(r.stderr).toMatch(/cannot serve the web page on 192\.0\.2\.1:0/);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('token=');
    });

    it('refuses a page without the token or with a wrong one (401), and a foreign Host', async () => {
      const none = await fetch(run.base);
      expect(none.status).toBe(401);
      expect(await none.text()).toContain('401: not allowed');
      const wrong = await fetch(`${run.base}?token=${'0'.repeat(32)}`, { redirect: 'manual' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const assets = await fetch(`${run.base}app.js`);
      expect(assets.status).toBe(401);
      // The right token becomes an HttpOnly, SameSite=Strict cookie and leaves the address.
      const right = await fetch(run.url, { redirect: 'manual' });
      expect(right.status).toBe(303);
      expect(right.headers.get('location')).toBe('/');
      const cookie = right.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      // A name rebound to 127.0.0.1 by another site is not one we answer to.
      const port = new URL(run.base).port;
      const rebound = await new Promise<number>((resolve, reject) => {
        import('node:http')
          .then((http) => {
            http
              .get(
                { host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } },
                (res) => {
                  res.resume();
                  resolve(res.statusCode ?? 0);
                },
              )
              .on('error', reject);
          })
          .catch(reject);
      });
      expect(rebound).toBe(421);
    });

    it('refuses a WebSocket from another Origin or without the cookie', async () => {
      const right = await fetch(run.url, { redirect: 'manual' });
      const cookie = (right.headers.get('set-cookie') ?? '').split(';')[0]!;
      const ws = `${run.base.replace('http', 'ws')}ws`;
      const status = (headers: Record<string, string>): Promise<number> =>
        new Promise((resolve) => {
          const s = new WebSocket(ws, { headers });
          s.on('unexpected-response', (_req, res) => {
            resolve(res.statusCode ?? 0);
          });
          s.on('open', () => {
            s.close();
            resolve(101);
          });
          s.on('error', () => undefined);
        });
      const origin = run.base.slice(0, -1);
      expect(await status({ Origin: 'http://evil.example', Cookie: cookie })).toBe(403);
      expect(await status({ Origin: origin })).toBe(401);
      expect(
        await status({ Origin: origin, Cookie: `${cookie.split('=')[0]!}=${'0'.repeat(32)}` }),
      ).toBe(401);
      expect(await status({ Origin: origin, Cookie: cookie })).toBe(101);
    });

    it('lets one browser control it: a second is told it is in use and may take over', async () => {
      const first = await browser.newPage();
      await first.goto(run.url);
      // The token is gone from the address bar.
      expect(first.url()).toBe(run.base);
      await untilScreen(first, (s) => s.includes('Message'), 'the app in the first page');
      // Widths as the engine counts them: grapheme clusters (the Unicode graphemes addon).
      const unicode = await first.evaluate(
        () =>
          (
            globalThis as unknown as {
              mistralrsTui: { term: { unicode: { activeVersion: string } } };
            }
          ).mistralrsTui.term.unicode.activeVersion,
      );
      expect(unicode).toBe('15-graphemes');
      const second = await browser.newPage();
      await second.goto(run.url);
      await second.waitForSelector('#overlay.shown', { timeout: 20_000 });
      expect(await second.textContent('#message')).toContain('In use elsewhere');
      await second.click('#take');
      await untilScreen(second, (s) => s.includes('Message'), 'the app in the second page');
      await first.waitForSelector('#overlay.shown', { timeout: 20_000 });
      expect(await first.textContent('#message')).toContain('Another browser window took over');
      await first.close();
      await second.close();
    }, 60_000);

    it('falls back to the DOM renderer when WebGL is disabled', async () => {
      const noGl = await launchChromium(['--disable-webgl', '--disable-3d-apis']);
      try {
        const page = await noGl.newPage();
        await page.goto(run.url);
        const home = await untilScreen(page, (s) => s.includes('Message'), 'the app without WebGL');
        expect(home).toContain('mistralrs-tui');
        const renderer = await page.evaluate(
          () => (globalThis as unknown as PageGlobals).mistralrsTui?.renderer,
        );
        expect(renderer).toBe('dom');
        // The help screen says so.
        await page.keyboard.press('F1');
        await untilScreen(page, (s) => s.includes('DOM renderer (CPU'), 'the Screen line in help');
      } finally {
        await noGl.close();
      }
    }, 60_000);

    it('stops on Ctrl+C in the launching terminal; the page says so; the log has no token', async () => {
      const page = await browser.newPage();
      await page.goto(run.url);
      await untilScreen(page, (s) => s.includes('Message'), 'the app');
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
      await page.waitForSelector('#overlay.shown', { timeout: 20_000 });
      expect(await page.textContent('#message')).toContain('mistralrs-tui has quit');
      const token = new URL(run.url).searchParams.get('token')!;
      const log = readFileSync(run.logFile, 'utf8');
      expect(log).toContain('web: browser attached');
      expect(log).not.toContain(token);
      await page.close();
    }, 60_000);
  });
});
