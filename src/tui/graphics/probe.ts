// The capability probe: one burst of queries written once at start-up, before
// the input loop owns stdin, and the replies read back with a short timeout.
//
//   kitty graphics query (a=q, id 31)  ->  APC G i=31;OK ST  (or an error, or nothing)
//   XTVERSION (CSI > 0 q)              ->  DCS > | name(version) ST
//   cell size (CSI 16 t)               ->  CSI 6 ; height ; width t
//   DA1 (CSI c), last                  ->  CSI ? 62 ; 4 ; ... c   (4 = sixel)
//
// Every terminal answers DA1, and in order, so DA1 ends the probe; a terminal
// that answers nothing at all ends it by timeout. Inside tmux the same queries
// also go through passthrough to the outer terminal, whose answers come after
// tmux's own. Replies may arrive split across reads and interleaved with
// keystrokes typed meanwhile: the parser keeps incomplete sequences for the
// next read and hands every byte that is not a reply back as input.
import type { CellPixels, ProbeReplies } from './caps.js';
import { passthrough } from './tmux.js';

export const KITTY_PROBE_ID = 31;
/** 1x1 RGB pixel, direct transmission, query only: nothing is stored or shown. */
export const KITTY_QUERY = `\x1b_Gi=${KITTY_PROBE_ID},s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\`;
export const XTVERSION_QUERY = '\x1b[>0q';
export const CELL_SIZE_QUERY = '\x1b[16t';
export const DA1_QUERY = '\x1b[c';

/** The burst written to the terminal (`tmux`: also through passthrough to the outer terminal). */
export function probeQuery(tmux: boolean): string {
  const own = KITTY_QUERY + XTVERSION_QUERY + CELL_SIZE_QUERY + DA1_QUERY;
  if (!tmux) return own;
  // The outer terminal's answers are the ones that matter; tmux's own XTVERSION
  // and DA1 (unwrapped, last) end the probe even when passthrough is off.
  return passthrough(own) + XTVERSION_QUERY + CELL_SIZE_QUERY + DA1_QUERY;
}

interface MutableReplies {
  kitty?: boolean;
  version?: string;
  tmuxVersion?: string;
  cell?: CellPixels;
  da1?: number[];
  outerDa1?: number[];
}

/** Incremental reply parser; see the file comment. */
export class ProbeParser {
  private pending = '';
  private readonly input: string[] = [];
  private readonly r: MutableReplies = {};
  /** DA1 replies seen so far. */
  da1Count = 0;

  get replies(): ProbeReplies {
    return { ...this.r };
  }

  /** Feeds one read; returns nothing (see `replies`, `da1Count` and `leftover()`). */
  feed(chunk: string): void {
    let s = this.pending + chunk;
    this.pending = '';
    let i = 0;
    let plain = 0; // start of the run of input bytes not yet handed on
    while (i < s.length) {
      if (s.charCodeAt(i) !== 0x1b) {
        i++;
        continue;
      }
      const end = sequenceEnd(s, i);
      if (end === -1) {
        // Incomplete: keep it for the next read.
        this.input.push(s.slice(plain, i));
        this.pending = s.slice(i);
        s = '';
        break;
      }
      const seq = s.slice(i, end);
      if (this.reply(seq)) {
        this.input.push(s.slice(plain, i));
        plain = end;
      }
      i = end;
    }
    if (s !== '') this.input.push(s.slice(plain));
  }

  /** Whatever was not a reply (keystrokes typed during the probe, in order), incomplete bytes included. */
  leftover(): string {
    const out = this.input.join('') + this.pending;
    this.input.length = 0;
    this.pending = '';
    return out;
  }

  private reply(seq: string): boolean {
    /* eslint-disable no-control-regex -- replies are escape sequences */
    const apc = /^\x1b_G([^;]*);([^\x1b\x07]*)(?:\x1b\\|\x07)$/.exec(seq);
    if (apc) {
      const id = /(?:^|,)i=(\d+)/.exec(apc[1] ?? '');
      if (id?.[1] !== String(KITTY_PROBE_ID)) return false;
      this.r.kitty = apc[2] === 'OK';
      return true;
    }
    const dcs = /^\x1bP>\|([^\x1b\x07]*)(?:\x1b\\|\x07)$/.exec(seq);
    if (dcs) {
      const v = (dcs[1] ?? '').trim();
      if (/^tmux\b/i.test(v)) this.r.tmuxVersion = v;
      else this.r.version = v;
      return true;
    }
    const cell = /^\x1b\[6;(\d+);(\d+)t$/.exec(seq);
    if (cell) {
      const height = Number(cell[1]);
      const width = Number(cell[2]);
      if (width > 0 && height > 0 && this.r.cell === undefined) this.r.cell = { width, height };
      return true;
    }
    const da = /^\x1b\[\?([\d;]*)c$/.exec(seq);
    if (da) {
      const attrs = (da[1] ?? '')
        .split(';')
        .filter((p) => p !== '')
        .map(Number);
      if (this.da1Count === 0) this.r.da1 = attrs;
      else this.r.outerDa1 = attrs;
      this.da1Count++;
      return true;
    }
    /* eslint-enable no-control-regex */
    return false;
  }
}

/** End index (exclusive) of the escape sequence at `i`, or -1 when it is incomplete. */
function sequenceEnd(s: string, i: number): number {
  if (i + 1 >= s.length) return -1;
  const c1 = s.charAt(i + 1);
  if (c1 === '[') {
    for (let j = i + 2; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j + 1;
      if (c < 0x20) return j; // malformed: hand it on as it is
    }
    return -1;
  }
  if (c1 === '_' || c1 === 'P' || c1 === ']' || c1 === '^') {
    for (let j = i + 2; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 0x07) return j + 1;
      if (c === 0x1b) {
        if (j + 1 >= s.length) return -1;
        return s.charAt(j + 1) === '\\' ? j + 2 : j;
      }
    }
    // Replies are short; a long unterminated string is not one of ours.
    return s.length - i > 4096 ? s.length : -1;
  }
  if (c1 === 'O') return i + 2 < s.length ? i + 3 : -1;
  return i + 2;
}

export interface ProbeIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
}

export interface ProbeOptions {
  readonly tmux: boolean;
  /** Overall limit when DA1 never comes (default 400 ms). */
  readonly timeoutMs?: number;
  /** In tmux: how long to wait for the outer terminal's DA1 after tmux's own (default 150 ms). */
  readonly graceMs?: number;
}

export interface ProbeResult {
  /** undefined when nothing at all was answered before the timeout. */
  readonly replies: ProbeReplies | undefined;
  /** Input that was not a reply (keystrokes typed during the probe), for the input reader. */
  readonly leftover: Uint8Array;
}

/**
 * Writes the burst and reads the replies. Puts stdin in raw mode for the
 * duration (so nothing is echoed or line-buffered) and leaves it paused with
 * the previous mode, so that the input loop can take it over.
 */
export function probeTerminal(io: ProbeIo, opts: ProbeOptions): Promise<ProbeResult> {
  const { stdin, stdout } = io;
  const parser = new ProbeParser();
  const wasRaw = stdin.isTTY && stdin.isRaw;
  if (stdin.isTTY && !wasRaw) stdin.setRawMode(true);
  return new Promise((resolve) => {
    let grace: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      if (grace !== undefined) clearTimeout(grace);
      stdin.off('data', onData);
      stdin.pause();
      if (stdin.isTTY && !wasRaw) stdin.setRawMode(false);
      const answered = parser.da1Count > 0 || parser.replies.kitty !== undefined;
      resolve({
        replies: answered ? parser.replies : undefined,
        // The parser works on bytes as latin1 code units, so this round trip is exact.
        leftover: globalThis.Buffer.from(parser.leftover(), 'latin1'),
      });
    };
    const onData = (d: Buffer | string): void => {
      parser.feed(typeof d === 'string' ? d : d.toString('latin1'));
      const want = opts.tmux ? 2 : 1;
      if (parser.da1Count >= want) finish();
      else if (opts.tmux && parser.da1Count === 1 && grace === undefined)
        grace = setTimeout(finish, opts.graceMs ?? 150);
    };
    const timer = setTimeout(finish, opts.timeoutMs ?? 400);
    stdin.on('data', onData);
    stdin.resume();
    stdout.write(probeQuery(opts.tmux));
  });
}
