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

  it('leaves the start-up noise of 0.8.1 to the logs tab (issue 21, item 14d)', () => {
    // Lines the real 0.8.1 server prints while loading the SmolLM2 GGUF.
    const noise = [
      'general.quantization_version: 2',
      '2026-12-03T00:50:24.439451Z  INFO mistralrs_quant::utils::log: Loading model according to the following repeating layer mappings:',
      '2026-12-03T00:50:26.892427Z  INFO mistralrs_core::prefix_cacher: Prefix caching enabled (sequence-level, non-paged attention). Expect higher multi-turn throughput for both text and multimodal.',
      '2026-12-03T00:50:23.591074Z  INFO mistralrs_server_core::mistralrs_for_server_builder: Model kind is: gguf quantized from gguf (no adapters)',
    ];
    for (const l of noise) expect(parseServerLine(l)).toBeUndefined();
    const said = [
      '2026-12-03T00:50:26.881241Z  INFO mistralrs_server_core::mistralrs_for_server_builder: Model loaded.',
      '2026-12-03T00:50:27.191043Z  INFO mistralrs::commands::serve: Server listening on http://127.0.0.1:18231',
      'general.error: quantization failed',
    ];
    expect(said.map((l) => parseServerLine(l))).toEqual([
      { kind: 'progress', message: 'Model loaded.' },
      { kind: 'progress', message: 'Server listening on http://127.0.0.1:18231' },
      { kind: 'progress', message: 'general.error: quantization failed' },
    ]);
  });

  it('strips colours, cursor moves and carriage returns', () => {
    expect(stripAnsi('\u001b[32m INFO\u001b[0m done\r')).toBe(' INFO done');
    expect(stripAnsi('\u001b]0;title\u0007text')).toBe('text');
  });
});
