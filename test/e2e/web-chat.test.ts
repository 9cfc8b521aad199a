// The full app in a real browser (Debian's chromium via playwright-core)
// against the REAL mistral.rs server with the SmolLM2 test model: the welcome
// screen read back from xterm.js's buffer, drawn by the WebGL renderer; a typed
// message and the reply streaming in; a click on a sidebar tab, the wheel over
// the chat, a drag that copies (OSC 52 → the page's clipboard); a resize that
// re-lays the app out; Ctrl+C in the page stops it. Nothing is mocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';
import { isolatedEnv } from '../helpers.js';
import {
  cellCenter,
  find,
  launchChromium,
  screenOf,
  startWeb,
  untilScreen,
  whenChromium,
  type PageGlobals,
  type WebRun,
} from './_browser.js';

// A finished reply's figures (tokens/s is left out for a reply of a few tokens).
const FIGURES = /TTFT [^\n]*· \d+ tokens/g;
const count = (s: string, re: RegExp): number => s.match(re)?.length ?? 0;

whenRealServer('e2e/web-chat.test.ts', it, () => {
  whenChromium('e2e/web-chat.test.ts', it, () => {
    const server = useRealServer();

    describe('the app in a browser tab', () => {
      let browser: Browser;
      let context: BrowserContext;
      let page: Page;
      let run: WebRun;
      beforeAll(async () => {
        const { home, env } = isolatedEnv();
        [browser, run] = await Promise.all([launchChromium(), startWeb(home, env, server.url, 4)]);
        context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: run.base.slice(0, -1),
        });
        page = await context.newPage();
      }, 60_000);
      afterAll(async () => {
        await browser.close();
        run.child.kill('SIGKILL');
      });

      it('shows the welcome screen with WebGL, streams a reply, takes mouse input, copies, re-lays out, and stops on Ctrl+C', async () => {
        await page.goto(run.url);
        const home = await untilScreen(page, (s) => s.includes('● connected'), 'the connected app');
        expect(home).toContain('Message');
        const probe = () =>
          page.evaluate(() => {
            const p = (globalThis as unknown as PageGlobals).mistralrsTui!;
            return { renderer: p.renderer, cols: p.term.cols, rows: p.term.rows, copied: p.copied };
          });
        expect((await probe()).renderer).toBe('webgl');
        // The help screen names the GPU renderer.
        await page.keyboard.press('F1');
        await untilScreen(
          page,
          (s) => s.includes('WebGL renderer (GPU)'),
          'the Screen line in help',
        );
        await page.keyboard.press('Escape');
        // (Wait for it: a key within 30 ms of a lone Esc would read as Alt+key.)
        await untilScreen(page, (s) => !s.includes('Esc close'), 'the help closed');

        // Typed in the page: the reply from the real model streams in.
        await page.keyboard.type('Say hi to me.');
        await untilScreen(page, (s) => s.includes('Say hi to me.'), 'the typed message');
        await page.keyboard.press('Enter');
        await untilScreen(page, (s) => count(s, FIGURES) === 1, 'the reply figures', 180_000);

        // A click on the sidebar's Models tab switches it (the sessions count goes away).
        const tabs = await untilScreen(page, (s) => s.includes('1 saved'), 'the saved session');
        const models = find(tabs, 'Models');
        const at = await cellCenter(page, models.x + 1, models.y);
        await page.mouse.click(at.x, at.y);
        await untilScreen(page, (s) => !s.includes('1 saved'), 'the models tab');
        const sessions = find(await untilScreen(page, () => true, ''), 'Sessions');
        const back = await cellCenter(page, sessions.x + 1, sessions.y);
        await page.mouse.click(back.x, back.y);
        await untilScreen(page, (s) => s.includes('1 saved'), 'the sessions tab again');

        // A message taller than the chat, pasted through xterm.js (bracketed paste).
        const composer = find(await untilScreen(page, () => true, ''), 'Message');
        const inBox = await cellCenter(page, composer.x + 2, composer.y + 1);
        await page.mouse.click(inBox.x, inBox.y);
        const lines = Array.from({ length: 40 }, (_, i) => `row ${i + 1}`).join('\n');
        await page.evaluate((text) => {
          (globalThis as unknown as PageGlobals).mistralrsTui!.term.paste(text);
        }, lines);
        await untilScreen(page, (s) => s.includes('row 3'), 'the pasted text');
        await page.keyboard.press('Enter');
        // (The first reply has scrolled off: the figures under the pasted rows are the new one's.)
        await untilScreen(page, (s) => /row 40[\s\S]*TTFT/.test(s), 'the second reply', 180_000);

        // The wheel over the chat scrolls it back.
        const chat = await cellCenter(page, 10, 5);
        await page.mouse.move(chat.x, chat.y);
        // xterm.js reports one wheel step per wheel event.
        for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -120);
        await untilScreen(page, (s) => /↓ \d+ more/.test(s), 'the scrolled-back chat');
        // Every wheel step drawn: the screen holds still before a cell is aimed at.
        let up = await screenOf(page);
        for (;;) {
          await new Promise((r) => setTimeout(r, 400));
          const again = await screenOf(page);
          if (again === up) break;
          up = again;
        }

        // A drag across "row 30" copies it: OSC 52 reaches the page's clipboard.
        const target = find(up, 'row 30');
        const from = await cellCenter(page, target.x, target.y);
        const to = await cellCenter(page, target.x + 5, target.y);
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(to.x, to.y, { steps: 3 });
        await page.mouse.up();
        await untilScreen(
          page,
          (s) => s.includes("Copied 6 characters to the terminal's clipboard"),
          'the copied toast',
        );
        expect((await probe()).copied).toContain('row 30');
        const clip = await page.evaluate(() =>
          (
            globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
          ).navigator.clipboard.readText(),
        );
        expect(clip).toBe('row 30');

        // A smaller window: xterm.js fits it, and the app lays out for the new size.
        const before = await probe();
        await page.setViewportSize({ width: 800, height: 500 });
        await page.waitForFunction(
          (cols) => (globalThis as unknown as PageGlobals).mistralrsTui!.term.cols < cols,
          before.cols,
        );
        const after = await probe();
        const small = await untilScreen(
          page,
          (s) => {
            const rows = s.split('\n');
            // The chat's frame closes at the new right edge, and the status row is the last.
            return rows.some((r) => Array.from(r).length === after.cols && r.endsWith('╮'));
          },
          'the re-laid-out app',
        );
        expect(small.split('\n').length).toBe(after.rows);

        // Ctrl+C in the page quits the app cleanly; the page says it stopped.
        await page.keyboard.press('Control+C');
        expect(await run.exited).toBe(0);
        await page.waitForSelector('#overlay.shown', { timeout: 20_000 });
        expect(await page.textContent('#message')).toContain('mistralrs-tui has quit');
      }, 300_000);
    });
  });
});
