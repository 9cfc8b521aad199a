import { describe, expect, it } from 'vitest';
import { convertMcpJson, safeServerName } from './mcp-import.js';

describe('convertMcpJson', () => {
  it('reads VS Code "servers" with types, Windsurf serverUrl, disabled entries', () => {
    const r = convertMcpJson({
      servers: {
        api: { type: 'http', url: 'https://example.invalid/mcp' },
        wind: { serverUrl: 'http://127.0.0.1:5/sse', type: 'sse' },
        off: { command: 'x', disabled: true, timeout: 5000 },
      },
    });
    expect(r.servers).toEqual({
      api: { url: 'https://example.invalid/mcp', transport: 'http' },
      wind: { url: 'http://127.0.0.1:5/sse', transport: 'sse' },
      off: { command: 'x', enabled: false, timeout_ms: 5000 },
    });
    expect(r.notes).toEqual([]);
  });

  it('converts ${env:X}, reports variables it cannot read, skips entries without command or url', () => {
    const r = convertMcpJson({
      mcpServers: {
        a: {
          command: 'run',
          args: ['${workspaceFolder}/x', '${input:token}'],
          env: { T: '${env:TOKEN}', N: 3 },
        },
        b: { args: [] },
      },
    });
    expect(r.servers).toEqual({
      a: {
        command: 'run',
        args: ['${workspaceFolder}/x', '${input:token}'],
        env: { T: '${TOKEN}', N: '3' },
      },
    });
    expect(r.notes).toEqual([
      'a.args[0]: "${workspaceFolder}" is an editor variable; here it reads the environment variable workspaceFolder. Edit the value after the import.',
      'a.args[1]: "${input:token}" has no meaning here; edit the value after the import.',
      'b: has neither "command" nor "url"; skipped.',
    ]);
  });

  it('makes names safe and unique', () => {
    expect(safeServerName('my server.v2')).toBe('my-server-v2');
    expect(safeServerName('***')).toBe('server');
    const r = convertMcpJson({ mcpServers: { 'a b': { command: 'x' }, 'a.b': { command: 'y' } } });
    expect(Object.keys(r.servers)).toEqual(['a-b', 'a-b-2']);
  });

  it('says what is wrong with a file it cannot use', () => {
    expect(() => convertMcpJson([])).toThrow(/JSON object/);
    expect(() => convertMcpJson({ mcpServers: { a: 1 } })).toThrow(
      /no server that can be imported/,
    );
  });
});
