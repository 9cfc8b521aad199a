// The launcher against the REAL mistralrs binary: arguments checked with its
// own --help, a real load and health wait, a real crash, restart, switch,
// stop, and no orphan after a SIGKILL of the parent.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchSpec, ModelKind } from '../../src/domain/model.js';
import type { LauncherEvent } from '../../src/domain/ports.js';
import { HttpBackend } from '../../src/services/backends/http-backend.js';
import { buildLaunch, SERVE_KIND } from '../../src/services/inventory/launch.js';
import { LaunchError, ServerLauncher } from '../../src/services/launcher/launcher.js';
import {
  MODEL_FILE,
  mistralrsBinary,
  modelDir,
  whenRealServer,
} from '../fixtures/backends/real-server.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

function specFor(dir: string, file = MODEL_FILE, kind: ModelKind = 'text'): LaunchSpec {
  return buildLaunch(
    { kind, format: 'gguf', modelDir: dir, ggufFiles: [path.join(dir, file)] },
    { host: '127.0.0.1', tokenSource: 'none', cpu: true, maxSeqLen: 0, extraArgs: [] },
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

whenRealServer('launcher.test.ts', it, () => {
  const bin = mistralrsBinary();
  const launchers: ServerLauncher[] = [];
  const make = (): ServerLauncher => {
    const l = new ServerLauncher({
      binary: bin,
      host: '127.0.0.1',
      portMin: 20000,
      portMax: 40000,
      startupTimeoutMs: 120_000,
      stopGraceMs: 3000,
    });
    launchers.push(l);
    return l;
  };
  afterAll(async () => {
    await Promise.all(launchers.map((l) => l.stop()));
  });

  describe('arguments', () => {
    const help = (...args: string[]): string =>
      execFileSync(bin, [...args, '--help'], { encoding: 'utf8' });

    it('every flag the launch spec uses is one the real binary documents, per kind', () => {
      const top = help();
      const serve = help('serve');
      for (const kind of Object.keys(SERVE_KIND) as ModelKind[]) {
        // Every kind is given a GGUF: 0.8.1's `serve diffusion` and `serve
        // speech` have no -f/--format, so buildLaunch must leave them out there.
        const spec = buildLaunch(
          { kind, format: 'gguf', modelDir: '/m', ggufFiles: ['/m/x.gguf'] },
          { host: '127.0.0.1', tokenSource: 'none', cpu: true, maxSeqLen: 4096, extraArgs: [] },
        );
        const argv = spec.argv;
        const at = argv.indexOf(spec.serveKind);
        expect(at, kind).toBeGreaterThan(0);
        const sub = help('serve', spec.serveKind);
        const flags = (list: readonly string[]): string[] => list.filter((a) => a.startsWith('-'));
        const before = argv.slice(0, argv.indexOf('serve'));
        const serveFlags = argv.slice(argv.indexOf('serve') + 1, at);
        for (const f of flags(before)) expect(top, `${f} (global)`).toContain(f);
        for (const f of [...flags(serveFlags), '-p']) expect(serve, `${f} (serve)`).toContain(f);
        for (const f of flags(argv.slice(at + 1)))
          expect(sub, `${f} (serve ${spec.serveKind})`).toContain(f);
      }
    });
  });

  describe('lifecycle', () => {
    it('loads the real model, waits for health, reports lines; restart and switch', async () => {
      const l = make();
      const events: LauncherEvent[] = [];
      l.on((e) => events.push(e));
      const first = await l.start(specFor(modelDir()));
      expect(events.map((e) => e.type)).toContain('ready');
      // mistral.rs's own web UI stays off unless asked for (launcher.ui): 0.9.2
      // serves it by default, so the launcher passes --no-ui where the binary has it.
      const ui = await fetch(`${first.url}/ui`);
      await ui.body?.cancel();
      expect(ui.status, first.argv.join(' ')).not.toBe(200);
      expect(events.some((e) => e.type === 'line')).toBe(true);
      expect(first.pid).toBeDefined();
      const b = new HttpBackend({
        name: 'l',
        kind: 'mistralrs',
        url: first.url,
        connectTimeoutMs: 2000,
        firstByteTimeoutMs: 60_000,
        idleTimeoutMs: 30_000,
        requestTimeoutMs: 5000,
      });
      expect((await b.health()).ok).toBe(true);

      const second = await l.restart();
      expect(await until(() => !alive(first.pid ?? 0), 10_000)).toBe(true);
      expect(second.pid).not.toBe(first.pid);
      expect(events.filter((e) => e.type === 'exited')).toMatchObject([{ expected: true }]);

      // Switch to "another" model: the same file seen through another folder.
      const other = mkdtempSync(path.join(os.tmpdir(), 'mrt-switch-'));
      symlinkSync(path.join(modelDir(), MODEL_FILE), path.join(other, MODEL_FILE));
      const third = await l.switchModel(specFor(other));
      const models = await new HttpBackend({
        name: 's',
        kind: 'mistralrs',
        url: third.url,
        connectTimeoutMs: 2000,
        firstByteTimeoutMs: 60_000,
        idleTimeoutMs: 30_000,
        requestTimeoutMs: 5000,
      }).listModels();
      expect(models.map((m) => m.id)).toContain(other);
      expect(await until(() => !alive(second.pid ?? 0), 10_000)).toBe(true);

      await l.stop();
      expect(await until(() => !alive(third.pid ?? 0), 10_000)).toBe(true);
      expect(l.running).toBeUndefined();
    }, 180_000);

    it('a missing model file is a crash report with the exit code and the last lines', async () => {
      const empty = mkdtempSync(path.join(os.tmpdir(), 'mrt-empty-'));
      const l = make();
      const err = await l.start(specFor(empty, 'missing.gguf')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LaunchError);
      const e = err as LaunchError;
      expect(e.message).toMatch(/exited while starting \(exit code \d+\)/);
      expect(e.lastLines.length).toBeGreaterThan(0);
    }, 60_000);

    it('leaves no server behind after a SIGKILL of its parent', async () => {
      expect(
        existsSync(path.join(ROOT, 'dist/services/launcher/launcher.js')),
        'run npm run build first',
      ).toBe(true);
      const parent = spawn(
        process.execPath,
        [path.join(ROOT, 'test/launcher/parent.mjs'), bin, JSON.stringify(specFor(modelDir()))],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const info = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
        let buf = '';
        parent.stdout.setEncoding('utf8');
        parent.stdout.on('data', (d: string) => {
          buf += d;
          const nl = buf.indexOf('\n');
          if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)) as { pid: number; url: string });
        });
        parent.once('exit', (code) => {
          reject(new Error(`parent exited early (${String(code)})`));
        });
      });
      expect(alive(info.pid)).toBe(true);
      parent.kill('SIGKILL');
      // The process table no longer has the server once the supervisor noticed.
      expect(await until(() => !alive(info.pid), 15_000)).toBe(true);
      const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
      expect(ps.split('\n').filter((l) => l.trim().startsWith(`${info.pid} `))).toEqual([]);
    }, 180_000);
  });
});
