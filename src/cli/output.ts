// Small helpers for command output: colour only on a terminal without NO_COLOR;
// text from outside the program made inert on a terminal (see inert.ts).
import { inert } from './inert.js';

export interface Out {
  readonly write: (text: string) => void;
  readonly color: boolean;
  /** The stream is a terminal: text from models, files and servers is made inert (`shown`). */
  readonly terminal: boolean;
}

export function paint(out: Out, code: number, text: string): string {
  return out.color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export const green = (out: Out, t: string): string => paint(out, 32, t);
export const yellow = (out: Out, t: string): string => paint(out, 33, t);
export const red = (out: Out, t: string): string => paint(out, 31, t);
export const dim = (out: Out, t: string): string => paint(out, 2, t);
export const bold = (out: Out, t: string): string => paint(out, 1, t);

/**
 * Text from outside the program (a model, a session, a file, a server) as it
 * may be written to `out`: made inert on a terminal, unchanged for a pipe.
 * Apply it to the text before painting it: the paint's own escapes must stay.
 */
export function shown(out: Pick<Out, 'terminal'>, text: string): string {
  return out.terminal ? inert(text) : text;
}

export function wantsColor(
  stream: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return stream.isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** An Out for a process stream. */
export function outFor(
  stream: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
): Out {
  return {
    write: (t) => {
      stream.write(t);
    },
    color: wantsColor(stream, env),
    terminal: stream.isTTY,
  };
}
