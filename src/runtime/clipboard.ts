// Copying to the clipboard: the system's clipboard tool when one is installed
// (found once, run without a shell, the text on its stdin) and OSC 52 through
// the terminal host (the only writer of escapes), which reaches the clipboard
// of the terminal the user sees, over ssh too, where the terminal allows it.
// The result says what really happened so the toast can be honest.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface ClipboardTool {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Candidate tools in the order they are tried, given the platform and the session. */
function candidates(platform: NodeJS.Platform, env: Env): ClipboardTool[] {
  if (platform === 'darwin') return [{ name: 'pbcopy', command: 'pbcopy', args: [] }];
  if (platform === 'win32') return [{ name: 'clip', command: 'clip.exe', args: [] }];
  const out: ClipboardTool[] = [];
  if ((env.WAYLAND_DISPLAY ?? '') !== '')
    out.push({ name: 'wl-copy', command: 'wl-copy', args: [] });
  if ((env.DISPLAY ?? '') !== '') {
    out.push({ name: 'xclip', command: 'xclip', args: ['-selection', 'clipboard', '-in'] });
    out.push({ name: 'xsel', command: 'xsel', args: ['--clipboard', '--input'] });
  }
  // WSL: the Windows clipboard is reachable from Linux.
  if ((env.WSL_DISTRO_NAME ?? '') !== '')
    out.push({ name: 'clip.exe', command: 'clip.exe', args: [] });
  return out;
}

/** The full path of `command` on PATH, if it is there and executable. */
function which(command: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const p = path.join(dir, command);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The first installed tool that can reach the clipboard of this session. */
export function detectClipboardTool(
  platform: NodeJS.Platform = process.platform,
  env: Env = process.env,
): ClipboardTool | undefined {
  for (const c of candidates(platform, env)) {
    const full = which(c.command, env);
    if (full !== undefined) return { ...c, command: full };
  }
  return undefined;
}

/**
 * Whether the terminal is one that sets its clipboard from OSC 52 out of the
 * box (kitty, WezTerm, Alacritty, foot, Ghostty). Behind tmux or screen the
 * outer terminal is unknown, and iTerm2 asks for a setting first.
 */
export function osc52Trusted(env: Env = process.env): boolean {
  if ((env.TMUX ?? '') !== '' || (env.STY ?? '') !== '') return false;
  const term = env.TERM ?? '';
  const program = env.TERM_PROGRAM ?? '';
  return (
    ['xterm-kitty', 'alacritty', 'foot', 'foot-extra', 'xterm-ghostty', 'wezterm'].includes(term) ||
    ['WezTerm', 'ghostty'].includes(program)
  );
}

const TOOL_TIMEOUT_MS = 3000;

/** Runs the tool with `text` on stdin; resolves with an error message, or undefined when it worked. */
export function runTool(tool: ClipboardTool, text: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (err: string | undefined): void => {
      if (!done) {
        done = true;
        resolve(err);
      }
    };
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(tool.command, [...tool.args], {
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: TOOL_TIMEOUT_MS,
      // xclip and wl-copy stay behind to serve the selection: do not wait on them beyond the write.
      detached: false,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 500) stderr += d.toString();
    });
    child.on('error', (e) => {
      finish(e.message);
    });
    child.on('exit', (code, signal) => {
      if (code === 0) finish(undefined);
      else finish(stderr.trim() || `${tool.name} exited with ${signal ?? String(code)}`);
    });
    child.stdin.on('error', (e) => {
      finish(e.message);
    });
    child.stdin.end(text);
  });
}

/** How a copy went, for the toast. */
export interface CopyOutcome {
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
}

export class Clipboard {
  private tool: ClipboardTool | undefined | null = null;

  constructor(
    /** Writes OSC 52 through the terminal host; false when it could not (too long, no terminal). */
    private readonly osc52: (text: string) => boolean,
    private readonly detect: () => ClipboardTool | undefined = () => detectClipboardTool(),
    /** The terminal is known to honour OSC 52 (osc52Trusted). */
    private readonly trusted: boolean = osc52Trusted(),
  ) {}

  /** Copies `text`; `what` names it in the message ("the selected text"). */
  async copy(text: string, what: string): Promise<CopyOutcome> {
    if (this.tool === null) this.tool = this.detect();
    const chars = `${text.length} ${text.length === 1 ? 'character' : 'characters'}`;
    const sent = this.osc52(text);
    const tool = this.tool;
    if (tool !== undefined) {
      const err = await runTool(tool, text);
      if (err === undefined)
        return { level: 'info', text: `Copied ${chars} with ${tool.name}: ${what}` };
      if (sent)
        return {
          level: 'warn',
          text: `${tool.name} failed (${err}); ${what} was sent to the terminal's clipboard (OSC 52)`,
        };
      return { level: 'error', text: `Not copied: ${tool.name} failed: ${err}` };
    }
    if (sent && this.trusted)
      return { level: 'info', text: `Copied ${chars} to the terminal's clipboard: ${what}` };
    if (sent)
      return {
        level: 'info',
        text: `Sent ${chars} to the terminal's clipboard (OSC 52; some terminals need it enabled): ${what}`,
      };
    return {
      level: 'error',
      text: `Not copied: no clipboard tool found (wl-copy, xclip, xsel, pbcopy) and ${what} is too long for the terminal's clipboard (OSC 52)`,
    };
  }
}
