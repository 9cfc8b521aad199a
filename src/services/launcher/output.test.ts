import { describe, expect, it } from 'vitest';
import { parseServerLine, stripAnsi } from './output.js';

describe('server output', () => {
  it("reads 0.8.1's queue line", () => {
    expect(
      parseServerLine(
        '2026-11-25T18:00:00.000000Z  INFO mistralrs_core::engine::logger: Throughput (T/s) 12.40, Prefix cache hitrate 50.00%, 1 running, 0 waiting',
      ),
    ).toEqual({ kind: 'queue', running: 1, waiting: 0, throughput: 12.4 });
  });

  it('reports loading progress without the tracing prefix', () => {
    expect(
      parseServerLine(
        '2026-11-25T18:00:00.000000Z  INFO mistralrs_core::pipeline::gguf: Loading model `x` on cpu.',
      ),
    ).toEqual({ kind: 'progress', message: 'Loading model `x` on cpu.' });
    expect(parseServerLine('some unrelated line')).toBeUndefined();
  });

  it('strips colours, cursor moves and carriage returns', () => {
    expect(stripAnsi('\u001b[32m INFO\u001b[0m done\r')).toBe(' INFO done');
    expect(stripAnsi('\u001b]0;title\u0007text')).toBe('text');
  });
});
