// Small helpers for command output: colour only on a terminal without NO_COLOR.

export interface Out {
  readonly write: (text: string) => void;
  readonly color: boolean;
}

export function paint(out: Out, code: number, text: string): string {
  return out.color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export const green = (out: Out, t: string): string => paint(out, 32, t);
export const yellow = (out: Out, t: string): string => paint(out, 33, t);
export const red = (out: Out, t: string): string => paint(out, 31, t);
export const dim = (out: Out, t: string): string => paint(out, 2, t);
export const bold = (out: Out, t: string): string => paint(out, 1, t);

export function wantsColor(
  stream: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return stream.isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}
