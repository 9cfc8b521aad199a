// `mcp import`, `mcp list` and --agent on the built binary, with an isolated
// HOME, against real MCP servers.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, closedPort, isolatedEnv, runCli, runInPty } from '../helpers.js';
import { until } from '../e2e/_tui.js';
import { EVERYTHING_BIN, FIXTURE_BIN } from '../fixtures/agent/servers.js';

const USER_CONFIG = `# my settings, by hand
[chat]
max_tokens = 256 # short

[agent.rules]
"everything__get-*" = "allow"
`;

const CLAUDE_JSON = JSON.stringify({
  mcpServers: {
    everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] },
    'github.com': {
      command: 'docker',
      args: ['run', '-i', 'ghcr.io/github/github-mcp-server'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${env:GH_TOKEN}' },
    },
    remote: { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer x' }, type: 'sse' },
  },
});

function setUp(config = USER_CONFIG): { home: string; env: NodeJS.ProcessEnv; file: string } {
  const { home, env } = isolatedEnv();
  const file = path.join(home, 'config.toml');
  writeFileSync(file, config);
  return { home, env, file };
}

describe('mcp import', () => {
  it('appends the servers, shows what it writes, keeps every other byte', () => {
    const { home, env, file } = setUp();
    const json = path.join(home, 'claude_desktop_config.json');
    writeFileSync(json, CLAUDE_JSON);
    const r = runCli(['--config', file, 'mcp', 'import', json], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const added = `[mcp.servers.everything]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-everything"]

[mcp.servers.github-com]
command = "docker"
args = ["run", "-i", "ghcr.io/github/github-mcp-server"]
env = { GITHUB_PERSONAL_ACCESS_TOKEN = "\${GH_TOKEN}" }

[mcp.servers.remote]
url = "http://127.0.0.1:9/mcp"
headers = { Authorization = "Bearer x" }
transport = "sse"`;
    expect(r.stdout).toContain(`Adding to ${file}:\n\n${added}\n`);
    expect(r.stdout).toContain('note: "github.com" is named "github-com" here');
    expect(r.stdout).toContain('wrote 3 servers');
    expect(readFileSync(file, 'utf8')).toBe(`${USER_CONFIG}\n${added}\n`);
    expect(runCli(['--config', file, 'config', 'check'], env).code).toBe(0);
  });

  it('refuses a server that is already there without --force, and replaces it with --force', () => {
    const { home, env, file } = setUp();
    const json = path.join(home, 'mcp.json');
    writeFileSync(json, JSON.stringify({ mcpServers: { files: { command: 'old-one' } } }));
    expect(runCli(['--config', file, 'mcp', 'import', json], env).code).toBe(0);
    const once = readFileSync(file, 'utf8');
    writeFileSync(json, JSON.stringify({ mcpServers: { files: { command: 'new-one' } } }));
    const refused = runCli(['--config', file, 'mcp', 'import', json], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'the config already has [mcp.servers.files]; nothing was written.\nUse --force to replace it.',
    );
    expect(readFileSync(file, 'utf8')).toBe(once);
    const printed = runCli(['--config', file, 'mcp', 'import', '--force', '--print', json], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('Would add to');
    expect(readFileSync(file, 'utf8')).toBe(once);
    expect(runCli(['--config', file, 'mcp', 'import', '--force', json], env).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      `${USER_CONFIG}\n[mcp.servers.files]\ncommand = "new-one"\n`,
    );
  });

  it('creates the default config when there is none, and rejects a file with no servers', () => {
    const { home, env } = isolatedEnv();
    const json = path.join(home, 'x.json');
    writeFileSync(json, JSON.stringify({ mcpServers: { a: { command: 'a' } } }));
    expect(runCli(['mcp', 'import', json], env).code).toBe(0);
    const created = path.join(home, '.config', 'mistralrs-tui', 'config.toml');
    expect(readFileSync(created, 'utf8')).toBe('[mcp.servers.a]\ncommand = "a"\n');
    writeFileSync(json, '{"other": {}}');
    const r = runCli(['mcp', 'import', json], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no "mcpServers" object');
  });
});

function serversConfig(marker?: string): string {
  const q = JSON.stringify;
  return `[mcp.servers.everything]
command = ${q(process.execPath)}
args = [${q(EVERYTHING_BIN)}, "stdio"]

[mcp.servers.fx]
command = ${q(process.execPath)}
args = [${q(FIXTURE_BIN)}]
${marker !== undefined ? `env = { MRT_MARKER = ${q(marker)} }\n` : ''}
[agent.rules]
"everything__get-*" = "allow"
everything__echo = "deny"
`;
}

describe('mcp list', () => {
  it('connects to each server and shows state, tools and the rule for each', () => {
    const { env, file } = setUp(serversConfig());
    const r = runCli(['--config', file, 'mcp', 'list'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^everything {2}connected {2}stdio {2}\d+ tools/m);
    expect(r.stdout).toMatch(/^ {2}echo +deny \(everything__echo\) {2}Echoes back the input/m);
    expect(r.stdout).toMatch(/^ {2}get-sum +allow \(everything__get-\*\)/m);
    expect(r.stdout).toMatch(
      /^ {2}trigger-long-running-operation +ask .*\[read-only, idempotent\]/m,
    );
    expect(r.stdout).toContain('Agent mode is off');
    // A pipe gets the server's text unchanged.
    expect(r.stdout).toContain('Returns \x1b[31mescape\x1b[0m sequences.');
  }, 60_000);

  it('--json: servers, tools with function names, rules and schemas', () => {
    const { env, file } = setUp(serversConfig());
    const r = runCli(['--config', file, '--agent', 'mcp', 'list', '--json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      agent: { enabled: boolean };
      servers: { name: string; state: string; tools: Record<string, unknown>[] }[];
    };
    expect(doc.agent.enabled).toBe(true);
    expect(doc.servers.map((s) => [s.name, s.state])).toEqual([
      ['everything', 'connected'],
      ['fx', 'connected'],
    ]);
    expect(doc.servers[0]?.tools.find((t) => t.name === 'get-sum')).toMatchObject({
      function: 'everything__get-sum',
      rule: 'allow',
      ruleSource: 'everything__get-*',
      inputSchema: { type: 'object' },
    });
  }, 60_000);

  it('a server that cannot start: its error, exit 1; an unset ${VAR}: a config error', async () => {
    const port = await closedPort();
    const { env, file } = setUp(
      `[mcp.servers.broken]\ncommand = "no-such-mcp-server"\n[mcp.servers.web]\nurl = "http://127.0.0.1:${port}/mcp"\n`,
    );
    const r = runCli(['--config', file, 'mcp', 'list'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'broken  failed  stdio\n  error: cannot start "no-such-mcp-server": no such program (check command and PATH)',
    );
    expect(r.stdout).toContain(`web  failed  `);
    expect(r.stdout).toContain(`cannot connect to http://127.0.0.1:${port}/mcp`);
    writeFileSync(
      file,
      '[mcp.servers.web]\nurl = "http://127.0.0.1:1/mcp"\nheaders = { A = "${NOPE_TOKEN}" }\n',
    );
    const missing = runCli(['--config', file, 'mcp', 'list'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'mcp.servers.web.headers.A uses ${NOPE_TOKEN}, but the environment variable NOPE_TOKEN is not set',
    );
  }, 60_000);

  it('on a terminal, server text is inert', async () => {
    const { env, file } = setUp(serversConfig());
    const run = runInPty(process.execPath, [CLI, '--config', file, 'mcp', 'list'], env);
    await run.exited;
    expect(run.output()).toContain('Returns ^[[31mescape^[[0m sequences.');
    expect(run.output()).not.toContain('\x1b[31mescape');
  }, 60_000);
});

describe('agent mode in the TUI', () => {
  const record = pathToFileURL(path.join(path.dirname(FIXTURE_BIN), 'record-modules.mjs')).href;

  async function startTui(
    agent: boolean,
    quitAtOnce = false,
  ): Promise<{ modules: string[]; started: boolean; log: string; marker: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-agent-tui-'));
    const marker = path.join(dir, 'marker');
    const modules = path.join(dir, 'modules.txt');
    const { env, file } = setUp(serversConfig(marker));
    const logFile = path.join(dir, 'tui.log');
    const port = await closedPort();
    const run = runInPty(
      process.execPath,
      [
        '--import',
        record,
        CLI,
        '--config',
        file,
        '--url',
        `http://127.0.0.1:${port}`,
        '--log-file',
        logFile,
        ...(agent ? ['--agent'] : []),
      ],
      { ...env, MRT_MODULE_LOG: modules },
    );
    if (quitAtOnce) await run.waitFor('\x1b[?2026l', 30_000);
    else await until(run, (s) => s.includes('No server answers'), 'the first frame', 30_000);
    if (quitAtOnce) {
      // Ctrl+C as soon as the first frame is out: the servers may be starting.
    } else if (agent) {
      // The servers connect in the background, after the first frame.
      const end = Date.now() + 30_000;
      while (!readFileSafe(logFile).includes('server connected') && Date.now() < end)
        await new Promise((r) => setTimeout(r, 100));
    } else await new Promise((r) => setTimeout(r, 1000));
    run.pty.write('\x03');
    expect((await run.exited).exitCode).toBe(0);
    return {
      modules: readFileSafe(modules).split('\n'),
      started: existsSync(marker),
      log: readFileSafe(logFile),
      marker: readFileSafe(marker),
    };
  }

  function readFileSafe(file: string): string {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  }

  it('off: no MCP module is loaded and no server is started', async () => {
    const off = await startTui(false);
    // The program runs from its bundle (scripts/build-bundle.mjs), or from
    // tsc's modules in a build without one; the agent's code is in neither.
    expect(off.modules.some((m) => /\/dist\/(bundle\/main\.mjs|main\.js)$/.test(m))).toBe(true);
    expect(off.modules.filter((m) => m.includes('@modelcontextprotocol'))).toEqual([]);
    expect(
      off.modules.filter((m) =>
        /\/dist\/(services\/agent\/|bundle\/chunks\/agent-[A-Z0-9]+\.mjs)/.test(m),
      ),
    ).toEqual([]);
    expect(off.started).toBe(false);
  }, 90_000);

  it('--agent: the SDK is loaded and the servers start in the background, logged', async () => {
    const on = await startTui(true);
    expect(on.modules.some((m) => m.includes('@modelcontextprotocol/sdk'))).toBe(true);
    expect(on.started).toBe(true);
    expect(on.log).toContain('agent mode on');
    expect(on.log).toMatch(/server connected.*"server":"fx"/);
    // The fixture's stderr line reached the log (and so the logs tab).
    expect(on.log).toContain('fixture server ready');
  }, 90_000);

  it('--agent, quit on the first frame: the app exits and leaves no server running', async () => {
    const quick = await startTui(true, true);
    await new Promise((r) => setTimeout(r, 1500));
    const pids = [...quick.marker.matchAll(/started (\d+)/g)].map((m) => Number(m[1]));
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 90_000);
});
