// The pure planning (names, rules, argument checks) against the real tools of
// server-filesystem, and "always allow" through the RuleWriter port: a write
// denied by a rule never reaches the server and leaves the folder unchanged.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { offerTools } from '../../src/domain/agent/offer.js';
import { planCall } from '../../src/domain/agent/plan.js';
import type { McpClients } from '../../src/domain/agent/types.js';
import { configRuleWriter, createMcpClients } from '../../src/services/agent/index.js';
import { FILESYSTEM_BIN, stdioSpec } from '../fixtures/agent/servers.js';

const open: McpClients[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('rules over real tools', () => {
  it('a denied write is not run; an allowed one is; "always allow" lands in the config', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-mcp-rules-'));
    const home = mkdtempSync(path.join(os.tmpdir(), 'mrt-mcp-rules-home-'));
    const configFile = path.join(home, 'config.toml');
    const original = '# mine\n[agent.rules]\n"files__write_*" = "deny"\n';
    writeFileSync(configFile, original);
    const c = createMcpClients([stdioSpec('files', [FILESYSTEM_BIN, dir])]);
    open.push(c);
    c.start();
    await c.settled();
    const offer = offerTools(c.tools());
    expect(offer.specs.map((s) => s.name)).toContain('files__write_file');

    const rules = parseConfig(readFileSync(configFile, 'utf8'), configFile).agent.rules;
    const write = {
      index: 0,
      id: 'call_1',
      name: 'files__write_file',
      arguments: JSON.stringify({ path: path.join(dir, 'x.txt'), content: 'hi' }),
    };
    const ctx = { names: offer.names, tools: c.tools(), rules, sessionAllowed: new Set<string>() };
    const denied = planCall(write, ctx);
    expect(denied).toMatchObject({ kind: 'deny', source: 'files__write_*' });
    // The caller runs only "run" plans; nothing reached the server.
    expect(readdirSync(dir)).toEqual([]);

    // A missing required argument is caught before anything runs.
    expect(planCall({ ...write, arguments: '{"path":"x"}' }, ctx)).toMatchObject({
      kind: 'invalid',
      problems: ['/content: is required'],
    });

    const list = planCall(
      {
        ...write,
        id: 'call_2',
        name: 'files__list_directory',
        arguments: JSON.stringify({ path: dir }),
      },
      ctx,
    );
    expect(list).toMatchObject({ kind: 'ask', source: 'default' });

    await configRuleWriter(configFile).setRule('files__list_directory', 'allow');
    expect(readFileSync(configFile, 'utf8')).toBe(`${original}files__list_directory = "allow"\n`);
    const after = parseConfig(readFileSync(configFile, 'utf8'), configFile).agent.rules;
    const allowed = planCall(
      { ...write, name: 'files__list_directory', arguments: JSON.stringify({ path: dir }) },
      { ...ctx, rules: after },
    );
    expect(allowed.kind).toBe('run');
    if (allowed.kind !== 'run') return;
    const outcome = await c.callTool(allowed.tool.server, allowed.tool.name, allowed.args);
    expect(outcome.ok).toBe(true);
  }, 60_000);
});
