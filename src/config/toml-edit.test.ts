import {
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  lstatSync,
  readdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { editConfigFile, ConfigEditError } from './edit-file.js';
import { parseConfig } from './load.js';
import { addServersToText, setRuleInText } from './toml-edit.js';

const USER_FILE = `# my config — hand written
[chat]
max_tokens = 512   # short answers

# rules I trust
[agent.rules]
"fs__read_*" = "allow"   # reading is fine
# fs__write_file = "deny"

[ui]
theme = "light"
`;

function ok(r: ReturnType<typeof setRuleInText>): string {
  if (!r.ok) throw new Error(r.reason);
  return r.text;
}

describe('setRuleInText', () => {
  it('adds a rule after the last key of [agent.rules]; every other line is byte-identical', () => {
    const after = ok(setRuleInText(USER_FILE, 'everything__echo', 'allow'));
    const lines = after.split('\n');
    expect(lines.filter((l) => !USER_FILE.split('\n').includes(l))).toEqual([
      'everything__echo = "allow"',
    ]);
    const removed = after.replace('everything__echo = "allow"\n', '');
    expect(removed).toBe(USER_FILE);
    expect(lines.indexOf('everything__echo = "allow"')).toBe(
      lines.indexOf('"fs__read_*" = "allow"   # reading is fine') + 1,
    );
    expect(parseConfig(after, 'x').agent.rules).toEqual({
      'fs__read_*': 'allow',
      everything__echo: 'allow',
    });
  });

  it('replaces the line of a key already there (quoted or not)', () => {
    const after = ok(setRuleInText(USER_FILE, 'fs__read_*', 'deny'));
    expect(after).toBe(
      USER_FILE.replace('"fs__read_*" = "allow"   # reading is fine', '"fs__read_*" = "deny"'),
    );
  });

  it('appends the table when the file has none, and creates a file from nothing', () => {
    const plain = '[ui]\ntheme = "dark"';
    expect(ok(setRuleInText(plain, 'a__b', 'allow'))).toBe(
      '[ui]\ntheme = "dark"\n\n[agent.rules]\na__b = "allow"\n',
    );
    expect(ok(setRuleInText('', 'a__*', 'allow'))).toBe('[agent.rules]\n"a__*" = "allow"\n');
  });

  it('keeps CRLF line ends', () => {
    const crlf = '[agent.rules]\r\nx__y = "ask"\r\n';
    expect(ok(setRuleInText(crlf, 'x__z', 'allow'))).toBe(
      '[agent.rules]\r\nx__y = "ask"\r\nx__z = "allow"\r\n',
    );
  });

  it('does not mistake a header inside a multi-line string for a table', () => {
    const text = '[chat]\nsystem_prompt = """\n[agent.rules]\n"""\n';
    const after = ok(setRuleInText(text, 'a__b', 'allow'));
    expect(parse(after)).toEqual({
      chat: { system_prompt: '[agent.rules]\n' },
      agent: { rules: { a__b: 'allow' } },
    });
  });

  it('refuses a file whose rules are an inline table, and says what to add by hand', () => {
    const r = setRuleInText('[agent]\nrules = { "a__b" = "ask" }\n', 'a__c', 'allow');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/by hand:\n\[agent.rules\]\na__c = "allow"/);
  });
});

describe('addServersToText', () => {
  it('appends server tables and keeps the rest of the file', () => {
    const r = addServersToText(USER_FILE, {
      files: { command: 'npx', args: ['-y', 'pkg', '/tmp/x'], env: { TOKEN: 'a"b' } },
      'web-api': { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer ${T}' } },
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.text.startsWith(USER_FILE)).toBe(true);
    expect(r.text.slice(USER_FILE.length)).toBe(
      '\n[mcp.servers.files]\ncommand = "npx"\nargs = ["-y", "pkg", "/tmp/x"]\nenv = { TOKEN = "a\\"b" }\n\n[mcp.servers.web-api]\nurl = "http://127.0.0.1:9/mcp"\nheaders = { Authorization = "Bearer ${T}" }\n',
    );
    const config = parseConfig(r.text, 'x');
    expect(config.mcp.servers.files?.env).toEqual({ TOKEN: 'a"b' });
  });

  it('replaces a server (with its sub-tables) only when asked', () => {
    const text =
      '[mcp.servers.a]\ncommand = "old"\n\n[mcp.servers.a.env]\nK = "v"\n\n[mcp.servers.b]\ncommand = "keep"\n';
    const r = addServersToText(text, { a: { command: 'new' } }, new Set(['a']));
    if (!r.ok) throw new Error(r.reason);
    expect(r.text).toBe('[mcp.servers.b]\ncommand = "keep"\n\n[mcp.servers.a]\ncommand = "new"\n');
  });
});

describe('editConfigFile', () => {
  it('writes atomically, keeps the mode, writes through a symlink, leaves no temporary file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-edit-'));
    const real = path.join(dir, 'real.toml');
    const link = path.join(dir, 'config.toml');
    writeFileSync(real, USER_FILE);
    chmodSync(real, 0o640);
    symlinkSync(real, link);
    editConfigFile(link, (t) => setRuleInText(t, 'a__b', 'allow'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('a__b = "allow"');
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['config.toml', 'real.toml']);
  });

  it('writes nothing when the edit is refused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-edit-'));
    const file = path.join(dir, 'config.toml');
    const text = '[agent]\nrules = { "a__b" = "ask" }\n';
    writeFileSync(file, text);
    expect(() => editConfigFile(file, (t) => setRuleInText(t, 'x__y', 'allow'))).toThrow(
      ConfigEditError,
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
