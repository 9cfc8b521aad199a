import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { redactConfig, REDACTED } from './show.js';

describe('redactConfig', () => {
  it('hides literal MCP env values and headers, keeps ${VAR} references', () => {
    const config = parseConfig(
      '[mcp.servers.a]\ncommand = "x"\nenv = { TOKEN = "s3cret", REF = "${MY_TOKEN}" }\n[mcp.servers.b]\nurl = "http://127.0.0.1:1/mcp"\nheaders = { Authorization = "Bearer s3cret", X = "Bearer ${T}" }\n',
      'c.toml',
    );
    const shown = redactConfig(config) as {
      mcp: { servers: Record<string, Record<string, unknown>> };
    };
    expect(shown.mcp.servers.a?.env).toEqual({ TOKEN: REDACTED, REF: '${MY_TOKEN}' });
    expect(shown.mcp.servers.b?.headers).toEqual({ Authorization: REDACTED, X: 'Bearer ${T}' });
    expect(JSON.stringify(shown)).not.toContain('s3cret');
  });
});
