import { describe, expect, it } from 'vitest';
import { buildLaunch, DEFAULT_LAUNCH, shellQuote, withPort } from './launch.js';

describe('buildLaunch', () => {
  it('puts --host and the port before the kind and GGUF options after it', () => {
    const spec = buildLaunch(
      { kind: 'text', format: 'gguf', modelDir: '/m', ggufFiles: ['/m/a.gguf'] },
      DEFAULT_LAUNCH,
    );
    expect(withPort(spec, 41234)).toEqual([
      'serve',
      '--host',
      '127.0.0.1',
      '-p',
      '41234',
      'text',
      '-m',
      '/m',
      '-f',
      'a.gguf',
      '--format',
      'gguf',
    ]);
  });

  it.each([
    ['vision', 'multimodal'],
    ['diffusion', 'diffusion'],
    ['speech', 'speech'],
    ['embedding', 'embedding'],
  ] as const)('maps kind %s to `serve %s` with -m DIR', (kind, sub) => {
    const spec = buildLaunch(
      { kind, format: 'safetensors', modelDir: '/snap', ggufFiles: [] },
      DEFAULT_LAUNCH,
    );
    expect(spec.argv).toEqual(['serve', '--host', '127.0.0.1', sub, '-m', '/snap']);
  });

  it('joins split parts with ";" relative to the folder', () => {
    const spec = buildLaunch(
      {
        kind: 'text',
        format: 'gguf',
        modelDir: '/m',
        ggufFiles: ['/m/x-00001-of-00002.gguf', '/m/x-00002-of-00002.gguf'],
      },
      { ...DEFAULT_LAUNCH, host: '0.0.0.0', cpu: true },
    );
    expect(spec.argv).toContain('x-00001-of-00002.gguf;x-00002-of-00002.gguf');
    expect(spec.argv.slice(0, 3)).toEqual(['serve', '--host', '0.0.0.0']);
    expect(spec.argv.at(-1)).toBe('--cpu');
  });

  it('quotes for display', () => {
    expect(shellQuote(['-m', '/a b', '-f', 'x;y'])).toBe("-m '/a b' -f 'x;y'");
  });
});
