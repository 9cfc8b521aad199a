import { describe, expect, it } from 'vitest';
import { offerTools } from './offer.js';
import { invalidForModel, planCall, type PlanContext } from './plan.js';
import type { McpTool } from './types.js';

const tools: McpTool[] = [
  {
    server: 'fs',
    name: 'read_file',
    inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    annotations: { readOnlyHint: true },
  },
  { server: 'fs', name: 'write_file', inputSchema: { type: 'object' } },
  { server: 'web', name: 'fetch', inputSchema: { type: 'object' } },
];

function ctx(rules: PlanContext['rules'], allowed: string[] = []): PlanContext {
  return { names: offerTools(tools).names, tools, rules, sessionAllowed: new Set(allowed) };
}
const call = (name: string, args: string) => ({ index: 0, id: 'c1', name, arguments: args });

describe('planCall', () => {
  it('runs what a rule allows, with the parsed arguments and hints', () => {
    expect(
      planCall(call('fs__read_file', '{"path":"/a"}'), ctx({ 'fs__read_*': 'allow' })),
    ).toMatchObject({
      kind: 'run',
      source: 'fs__read_*',
      args: { path: '/a' },
      hints: ['read-only', 'open world'],
    });
  });

  it('asks by default, runs what was allowed for the session, denies what a rule denies', () => {
    expect(planCall(call('fs__write_file', '{}'), ctx({}))).toMatchObject({
      kind: 'ask',
      source: 'default',
    });
    expect(planCall(call('fs__write_file', '{}'), ctx({}, ['fs__write_file']))).toMatchObject({
      kind: 'run',
      source: 'session',
    });
    // A session allowance does not override a deny rule.
    expect(
      planCall(call('fs__write_file', '{}'), ctx({ 'fs__*': 'deny' }, ['fs__write_file'])),
    ).toMatchObject({
      kind: 'deny',
      source: 'fs__*',
    });
  });

  it('an unknown function or bad arguments never run', () => {
    expect(planCall(call('fs__rm', '{}'), ctx({ '*': 'allow' }))).toMatchObject({
      kind: 'unknown',
    });
    const bad = planCall(call('fs__read_file', '{"path": 3}'), ctx({ '*': 'allow' }));
    expect(bad).toMatchObject({
      kind: 'invalid',
      problems: ['/path: must be string, not integer'],
    });
    expect(invalidForModel(['/path: must be string, not integer'])).toBe(
      "The arguments do not match the tool's input schema; the call was not run:\n- /path: must be string, not integer",
    );
  });
});
