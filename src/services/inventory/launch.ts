// The `mistralrs serve` command line that launches a model, from
// mistralrs-cli 0.8.1's arguments (docs: shared/reference/mistralrs-http-api.md):
//   mistralrs [--token-source S] serve --host H [-p PORT] KIND -m DIR [-f FILES --format gguf] [device options]
// --host and -p belong to `serve` and must come before KIND; device options
// (--cpu, --max-seq-len) belong to KIND and come after it. Split GGUF parts
// are passed to -f separated by ";" as the CLI expects.
import path from 'node:path';
import type { LaunchSpec, ModelFormat, ModelKind, ServeKind } from '../../domain/model.js';

export interface LaunchOptions {
  readonly host: string;
  readonly tokenSource: string;
  readonly cpu: boolean;
  /** 0 keeps the model default. */
  readonly maxSeqLen: number;
  readonly extraArgs: readonly string[];
}

export const DEFAULT_LAUNCH: LaunchOptions = {
  host: '127.0.0.1',
  tokenSource: 'cache',
  cpu: false,
  maxSeqLen: 0,
  extraArgs: [],
};

export const SERVE_KIND: Readonly<Record<ModelKind, ServeKind>> = {
  text: 'text',
  vision: 'multimodal',
  diffusion: 'diffusion',
  speech: 'speech',
  embedding: 'embedding',
};

export interface LaunchTarget {
  readonly kind: ModelKind;
  readonly format: ModelFormat;
  /** The folder passed to -m. */
  readonly modelDir: string;
  /** GGUF parts, in order (absolute paths inside modelDir). */
  readonly ggufFiles: readonly string[];
  /** Per-model extra arguments from MODEL_INVENTORY.json. */
  readonly modelArgs?: readonly string[];
}

export function buildLaunch(t: LaunchTarget, o: LaunchOptions): LaunchSpec {
  const serveKind = SERVE_KIND[t.kind];
  const argv: string[] = [];
  if (o.tokenSource !== 'cache') argv.push('--token-source', o.tokenSource);
  argv.push('serve', '--host', o.host);
  const portIndex = argv.length;
  argv.push(serveKind, '-m', t.modelDir);
  // mistral.rs 0.8.1's `serve diffusion` and `serve speech` have no -f/--format.
  const takesGguf = serveKind !== 'diffusion' && serveKind !== 'speech';
  if (t.format === 'gguf' && t.ggufFiles.length > 0 && takesGguf) {
    const files = t.ggufFiles.map((f) => path.relative(t.modelDir, f));
    argv.push('-f', files.join(';'), '--format', 'gguf');
  }
  if (o.cpu) argv.push('--cpu');
  if (o.maxSeqLen > 0) argv.push('--max-seq-len', String(o.maxSeqLen));
  argv.push(...(t.modelArgs ?? []), ...o.extraArgs);
  return { serveKind, argv, portIndex };
}

/** The argv with `-p PORT` in its place. */
export function withPort(spec: LaunchSpec, port: number): string[] {
  const argv = [...spec.argv];
  argv.splice(spec.portIndex, 0, '-p', String(port));
  return argv;
}

/** A shell-safe rendering for display. */
export function shellQuote(args: readonly string[]): string {
  return args
    .map((a) =>
      /^[\w@%+=:,./;-]+$/.test(a) && !a.includes(';') ? a : `'${a.replace(/'/g, `'\\''`)}'`,
    )
    .join(' ');
}
