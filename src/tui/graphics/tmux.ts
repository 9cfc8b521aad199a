// tmux passthrough: tmux swallows graphics sequences unless they are wrapped
// in `DCS tmux; ... ST` with every ESC inside doubled, and only when the
// pane's `allow-passthrough` option is on (off by default since tmux 3.3).

/** Wraps one sequence for tmux passthrough. Each kitty chunk is wrapped separately (tmux limits one passthrough's size). */
export function passthrough(seq: string): string {
  return `\x1bPtmux;${seq.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
}

/** Wraps `seq` when inside tmux, else returns it as it is. */
export function maybePassthrough(seq: string, tmux: boolean): string {
  return tmux ? passthrough(seq) : seq;
}

/** tmux's allow-passthrough for the current pane: 'on' ('all' counts), 'off', or 'unknown' when tmux did not say. */
export function tmuxPassthroughSetting(
  run: (args: string[]) => string = (args) =>
    process.getBuiltinModule('node:child_process').execFileSync('tmux', args, {
      encoding: 'utf8',
      timeout: 500,
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
): 'on' | 'off' | 'unknown' {
  try {
    const v = run(['show-options', '-Apv', 'allow-passthrough']).trim().split('\n').pop() ?? '';
    if (v === 'on' || v === 'all') return 'on';
    if (v === 'off') return 'off';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}
