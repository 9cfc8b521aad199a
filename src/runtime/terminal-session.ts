// Owns the terminal while the TUI runs: raw mode, alternate screen, hidden
// cursor, mouse and paste modes, and putting all of it back on every way out —
// normal quit, Ctrl+C, SIGTERM, SIGHUP, an uncaught exception, an unhandled
// rejection — and around a Ctrl+Z suspend.

const CSI = '\x1b[';
/** Sequences that enter the TUI's terminal modes, in order. */
const ENTER = [
  `${CSI}?1049h`, // alternate screen
  `${CSI}?25l`, // hide cursor
  `${CSI}?2004h`, // bracketed paste
  `${CSI}?1004h`, // focus in/out reports
];
const MOUSE_ON = `${CSI}?1000h${CSI}?1002h${CSI}?1006h`; // press/release, drag, SGR encoding
const MOUSE_OFF = `${CSI}?1006l${CSI}?1002l${CSI}?1000l`;
/** Undoes ENTER (and the mouse modes) in reverse order, and resets colours. */
const LEAVE = [`${CSI}0m`, `${CSI}?1004l`, `${CSI}?2004l`, `${CSI}?25h`, `${CSI}?1049l`];

export interface TerminalIO {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
}

export interface SessionHandlers {
  onInput(data: Buffer): void;
  onResize(columns: number, rows: number): void;
  /** Called after a suspend (Ctrl+Z) when the shell resumes the process. */
  onResume(): void;
}

export type ExitReason =
  | { readonly kind: 'quit' }
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'crash'; readonly error: unknown };

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
};

export function exitCodeFor(reason: ExitReason): number {
  if (reason.kind === 'quit') return 0;
  if (reason.kind === 'signal') return SIGNAL_EXIT_CODES[reason.signal] ?? 1;
  return 1;
}

export class TerminalSession {
  private active = false;
  private readonly cleanups: (() => void)[] = [];
  private readonly exitWaiters: ((reason: ExitReason) => void)[] = [];

  constructor(
    private readonly io: TerminalIO,
    private readonly opts: { readonly mouse: boolean },
  ) {}

  get columns(): number {
    return this.io.stdout.columns;
  }
  get rows(): number {
    return this.io.stdout.rows;
  }

  write(data: string): void {
    this.io.stdout.write(data);
  }

  /** Takes over the terminal and wires the handlers; resolves when the session ends. */
  run(handlers: SessionHandlers): Promise<ExitReason> {
    const { stdin, stdout } = this.io;
    this.enterModes();

    const onData = (data: Buffer): void => {
      handlers.onInput(data);
    };
    const onResize = (): void => {
      handlers.onResize(stdout.columns, stdout.rows);
    };
    stdin.on('data', onData);
    stdout.on('resize', onResize);
    this.cleanups.push(
      () => stdin.off('data', onData),
      () => stdout.off('resize', onResize),
    );

    for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
      const handler = (): void => {
        this.end({ kind: 'signal', signal });
      };
      process.on(signal, handler);
      this.cleanups.push(() => process.off(signal, handler));
    }
    const onCrash = (error: unknown): void => {
      this.end({ kind: 'crash', error });
    };
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    this.cleanups.push(
      () => process.off('uncaughtException', onCrash),
      () => process.off('unhandledRejection', onCrash),
    );
    // Last resort: whatever ends the process, the terminal is put back.
    const onExit = (): void => {
      this.leaveModes();
    };
    process.on('exit', onExit);
    this.cleanups.push(() => process.off('exit', onExit));

    this.resumeHandler = () => {
      handlers.onResume();
    };
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  private resumeHandler: (() => void) | undefined;

  /** Ctrl+Z: give the terminal back, stop the process, and take it again on SIGCONT. */
  suspend(): void {
    if (process.platform === 'win32' || !this.active) return;
    this.leaveModes();
    process.once('SIGCONT', () => {
      this.enterModes();
      this.resumeHandler?.();
    });
    process.kill(process.pid, 'SIGTSTP');
  }

  /** Ends the session with the given reason; the terminal is restored first. */
  end(reason: ExitReason): void {
    this.leaveModes();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.io.stdin.pause();
    for (const resolve of this.exitWaiters.splice(0)) resolve(reason);
  }

  private enterModes(): void {
    const { stdin } = this.io;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    this.write(ENTER.join('') + (this.opts.mouse ? MOUSE_ON : ''));
    this.active = true;
  }

  private leaveModes(): void {
    if (!this.active) return;
    this.active = false;
    this.write((this.opts.mouse ? MOUSE_OFF : '') + LEAVE.join(''));
    if (this.io.stdin.isTTY) this.io.stdin.setRawMode(false);
  }
}

/** Why the TUI cannot run on this output, or undefined when it can. */
export function unsupportedTerminal(
  io: TerminalIO,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!io.stdout.isTTY || !io.stdin.isTTY) {
    return 'mistralrs-tui needs an interactive terminal, but standard input or output is not a terminal. Run it directly in a terminal, or use --dry-run for a report.';
  }
  if (env.TERM === 'dumb') {
    return 'mistralrs-tui needs a terminal that supports cursor movement, but TERM is "dumb". Run it in a full terminal emulator (or set TERM, e.g. TERM=xterm-256color).';
  }
  return undefined;
}
