// Whether the TUI can run here at all, checked before the terminal is touched.

export interface TerminalIO {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
}

/** Why the TUI cannot run on this output, or undefined when it can. */
export function unsupportedTerminal(
  io: TerminalIO,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!io.stdout.isTTY || !io.stdin.isTTY) {
    return 'the chat needs an interactive terminal, but standard input or output is not one. Run mistralrs-tui directly in a terminal, or use --dry-run for a report, or `mistralrs-tui web` to chat in a browser.';
  }
  if (env.TERM === 'dumb') {
    return 'the chat needs a terminal that supports cursor movement, but TERM is "dumb". Run it in a full terminal emulator (or set TERM, e.g. TERM=xterm-256color).';
  }
  return undefined;
}
