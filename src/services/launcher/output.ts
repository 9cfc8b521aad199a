// Reads a mistralrs server's log lines: loading progress, errors, and the
// queue line 0.8.1 prints every 5 s while busy — the only queue depth it has:
//   "Throughput (T/s) 12.40, Prefix cache hitrate 50.00%, 1 running, 0 waiting"

export type ServerLineInfo =
  | {
      readonly kind: 'queue';
      readonly running: number;
      readonly waiting: number;
      readonly throughput?: number;
    }
  | { readonly kind: 'progress'; readonly message: string };

// CSI and OSC sequences, and the carriage returns of progress bars.
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ANSI = new RegExp(
  `${ESC}\\[[0-9;?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)|${ESC}[@-Z\\\\-_]|\\r`,
  'g',
);

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}

const QUEUE = /(\d+) running, (\d+) waiting/;
const THROUGHPUT = /Throughput \(T\/s\) ([\d.]+)/;
const PROGRESS =
  /\b(loading|loaded|dequantiz|applying isq|quantiz|listening on|paged attention|error|panicked)/i;
const FAILURE = /\b(error|panicked)/i;
/**
 * Lines that match a progress word but say nothing about progress (0.8.1's
 * output at start-up): the GGUF metadata dump ("general.quantization_version:
 * 2"), the header of the layer table, the prefix cache's note, the model kind. They stay in
 * the logs tab; as notices they were noise.
 */
const NOISE = /^[\w.-]+: \S|^model kind is|layer mappings|prefix caching/i;

export function parseServerLine(line: string): ServerLineInfo | undefined {
  const q = QUEUE.exec(line);
  if (q !== null) {
    const t = THROUGHPUT.exec(line);
    const throughput = t !== null ? Number(t[1]) : undefined;
    return {
      kind: 'queue',
      running: Number(q[1]),
      waiting: Number(q[2]),
      ...(throughput !== undefined && Number.isFinite(throughput) ? { throughput } : {}),
    };
  }
  if (PROGRESS.test(line)) {
    // Drop the timestamp and level prefix of tracing lines.
    const message = line
      .replace(/^\S*\d{4}-\d\d-\d\dT\S+\s+/, '')
      .replace(/^(INFO|WARN|ERROR|DEBUG)\s+\S+:\s*/, '')
      .trim();
    if (!FAILURE.test(message) && NOISE.test(message)) return undefined;
    return { kind: 'progress', message };
  }
  return undefined;
}
