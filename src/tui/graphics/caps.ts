// What the terminal can show: one record built once at start-up from the
// environment and the probe's replies (see probe.ts), or forced by the config.
// Views never look at the environment themselves; they read this record.

/** How pictures are drawn. `blocks` is half-block cells; `off` a one-line label. */
export type GraphicsProtocol = 'kitty' | 'iterm2' | 'sixel' | 'blocks' | 'off';
/** What the user may configure (`ui.images`). */
export type GraphicsSetting = 'auto' | GraphicsProtocol;
export const GRAPHICS_SETTINGS: readonly GraphicsSetting[] = [
  'auto',
  'kitty',
  'iterm2',
  'sixel',
  'blocks',
  'off',
];

/** The terminal families whose graphics behaviour is known. */
export type TerminalBrand =
  | 'kitty'
  | 'ghostty'
  | 'wezterm'
  | 'iterm2'
  | 'konsole'
  | 'foot'
  | 'windows-terminal'
  | 'mintty'
  | 'xterm'
  | 'vscode'
  | 'unknown';

export interface CellPixels {
  readonly width: number;
  readonly height: number;
}

export interface GraphicsCapabilities {
  readonly protocol: GraphicsProtocol;
  /** kitty only: virtual placements drawn as U+10EEEE placeholder cells (else classic placements). */
  readonly placeholders: boolean;
  /** Pixel size of one cell when the terminal reported it. */
  readonly cell: CellPixels | undefined;
  readonly tmux: boolean;
  /** tmux's allow-passthrough: 'on' (or 'all'), 'off', or unknown (not in tmux / not asked). */
  readonly passthrough: 'on' | 'off' | 'unknown';
  readonly brand: TerminalBrand;
  /** The terminal's own name and version (XTVERSION), when it answered. */
  readonly version: string | undefined;
  /** What the terminal answered: kitty graphics query OK, sixel in DA1. */
  readonly kittyGraphics: boolean;
  readonly sixel: boolean;
  /** Whether a probe was written to the terminal (not for a pipe, nor when the setting needs none). */
  readonly probed: boolean;
  /** Whether the terminal answered the probe at all (false: timeout, or no probe was run). */
  readonly answered: boolean;
  /** Where the protocol came from. */
  readonly source: 'probe' | 'environment' | 'config';
  /** A hint for the user (e.g. how to turn tmux passthrough on), or undefined. */
  readonly hint: string | undefined;
}

/** The replies gathered by the probe (all optional: a terminal may answer nothing). */
export interface ProbeReplies {
  /** The kitty graphics query was answered OK (true), with an error (false), or not at all. */
  readonly kitty?: boolean;
  /** XTVERSION of the terminal we talk to (in tmux: of the outer terminal, via passthrough). */
  readonly version?: string;
  /** XTVERSION of tmux itself when it answered one. */
  readonly tmuxVersion?: string;
  readonly cell?: CellPixels;
  /** Attributes of the primary device attributes reply (4 = sixel). */
  readonly da1?: readonly number[];
  /** In tmux: a second DA1 came back through passthrough from the outer terminal. */
  readonly outerDa1?: readonly number[];
}

type Env = Readonly<Record<string, string | undefined>>;

const set = (env: Env, k: string): boolean => (env[k] ?? '') !== '';

/** The terminal family named by the environment (which tmux may have inherited from the outer terminal). */
export function brandFromEnv(env: Env): TerminalBrand {
  const term = env.TERM ?? '';
  const program = env.TERM_PROGRAM ?? '';
  if (term === 'xterm-kitty' || set(env, 'KITTY_WINDOW_ID')) return 'kitty';
  if (term === 'xterm-ghostty' || program === 'ghostty' || set(env, 'GHOSTTY_RESOURCES_DIR'))
    return 'ghostty';
  if (program === 'WezTerm' || set(env, 'WEZTERM_EXECUTABLE') || set(env, 'WEZTERM_PANE'))
    return 'wezterm';
  if (program === 'iTerm.app' || set(env, 'ITERM_SESSION_ID') || env.LC_TERMINAL === 'iTerm2')
    return 'iterm2';
  if (set(env, 'KONSOLE_VERSION')) return 'konsole';
  if (term === 'foot' || term.startsWith('foot-')) return 'foot';
  if (set(env, 'WT_SESSION')) return 'windows-terminal';
  if (program === 'mintty') return 'mintty';
  if (program === 'vscode') return 'vscode';
  if (term.startsWith('xterm')) return 'xterm';
  return 'unknown';
}

/** The terminal family named by an XTVERSION reply (`kitty(0.35.2)`, `WezTerm 2024...`). */
export function brandFromVersion(version: string): TerminalBrand | undefined {
  const v = version.toLowerCase();
  if (v.startsWith('kitty')) return 'kitty';
  if (v.startsWith('ghostty')) return 'ghostty';
  if (v.startsWith('wezterm')) return 'wezterm';
  if (v.startsWith('iterm2')) return 'iterm2';
  if (v.startsWith('konsole')) return 'konsole';
  if (v.startsWith('foot')) return 'foot';
  if (v.startsWith('xterm')) return 'xterm';
  if (v.startsWith('mintty')) return 'mintty';
  return undefined;
}

export function inTmux(env: Env): boolean {
  return set(env, 'TMUX') || (env.TERM ?? '').startsWith('tmux') || env.TERM_PROGRAM === 'tmux';
}

/**
 * Terminals whose Unicode placeholders work. Others that answer the kitty
 * query (Konsole, WezTerm) either lack placeholders or draw them wrongly.
 */
const PLACEHOLDERS_OK: ReadonlySet<TerminalBrand> = new Set(['kitty', 'ghostty']);

export interface ResolveOptions {
  readonly setting?: GraphicsSetting;
  /** The colour depth: with `none` (NO_COLOR) the half-block fallback is a label instead. */
  readonly noColor?: boolean;
  /** tmux's allow-passthrough value when known. */
  readonly passthrough?: 'on' | 'off' | 'unknown';
  /** A probe was run (its replies may still be undefined: nothing answered). Default: replies were given. */
  readonly probed?: boolean;
}

const TMUX_HINT =
  'tmux passes no images through: run `tmux set -g allow-passthrough on` (tmux 3.3+) to see pictures inside tmux';

/** Combines the environment, the probe's replies (undefined: no probe) and the setting into one record. */
export function resolveCapabilities(
  env: Env,
  replies: ProbeReplies | undefined,
  opts: ResolveOptions = {},
): GraphicsCapabilities {
  const tmux = inTmux(env);
  const passthrough = tmux ? (opts.passthrough ?? 'unknown') : 'unknown';
  const version = replies?.version;
  const brand =
    (version !== undefined ? brandFromVersion(version) : undefined) ?? brandFromEnv(env);
  const kittyGraphics = replies?.kitty === true;
  const da1 = replies?.outerDa1 ?? replies?.da1;
  const sixel = da1?.includes(4) === true;
  const answered =
    replies !== undefined && (replies.da1 !== undefined || replies.kitty !== undefined);
  const base = {
    cell: replies?.cell,
    tmux,
    passthrough,
    brand,
    version,
    kittyGraphics,
    sixel,
    probed: opts.probed ?? replies !== undefined,
    answered,
  };
  const setting = opts.setting ?? 'auto';
  if (setting !== 'auto') {
    const protocol = setting === 'blocks' && opts.noColor === true ? 'off' : setting;
    return {
      ...base,
      protocol,
      placeholders: protocol === 'kitty' && (tmux || PLACEHOLDERS_OK.has(brand)),
      source: 'config',
      hint: tmux && passthrough === 'off' && isPixelProtocol(protocol) ? TMUX_HINT : undefined,
    };
  }
  const source: 'probe' | 'environment' = answered ? 'probe' : 'environment';
  const pick = (protocol: GraphicsProtocol, placeholders = false, hint?: string) => ({
    ...base,
    protocol: protocol === 'blocks' && opts.noColor === true ? ('off' as const) : protocol,
    placeholders,
    source,
    hint,
  });
  // Where the terminal did not answer, the environment alone decides; only
  // the families known to draw kitty images are trusted without a reply.
  const kittyOk = kittyGraphics || (!answered && PLACEHOLDERS_OK.has(brand));
  if (tmux) {
    // Inside tmux only placeholders follow the pane (scroll, window and pane
    // switches); classic placements, sixel and iTerm2 pictures would stay
    // where the outer terminal put them.
    if (passthrough === 'off') return pick('blocks', false, TMUX_HINT);
    if (kittyOk && PLACEHOLDERS_OK.has(brand)) return pick('kitty', true);
    return pick('blocks');
  }
  if (brand === 'wezterm' || brand === 'iterm2') return pick('iterm2');
  if (kittyOk) return pick('kitty', PLACEHOLDERS_OK.has(brand));
  if (sixel) return pick('sixel');
  if (brand === 'mintty') return pick('iterm2');
  return pick('blocks');
}

/** Protocols that paint pixels the cell grid does not know about. */
export function isPixelProtocol(p: GraphicsProtocol): boolean {
  return p === 'kitty' || p === 'iterm2' || p === 'sixel';
}

/** One line for `doctor` and the help screen. */
export function describeCapabilities(c: GraphicsCapabilities): string {
  const what =
    c.protocol === 'kitty'
      ? `kitty graphics (${c.placeholders ? 'Unicode placeholders' : 'classic placements'})`
      : c.protocol === 'iterm2'
        ? 'iTerm2 inline images'
        : c.protocol === 'sixel'
          ? 'sixel'
          : c.protocol === 'blocks'
            ? 'half-block cells'
            : 'labels only';
  const term = c.version ?? (c.brand === 'unknown' ? 'unknown terminal' : c.brand);
  const cell = c.cell ? `, cell ${c.cell.width}x${c.cell.height} px` : '';
  const tmux = c.tmux ? `, in tmux (passthrough ${c.passthrough})` : '';
  const from =
    c.source === 'config'
      ? ' (ui.images)'
      : c.answered
        ? ''
        : c.probed
          ? ' (the terminal did not answer the probe)'
          : ' (from the environment)';
  return `images: ${what}${from}; ${term}${cell}${tmux}`;
}
