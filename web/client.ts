// The page's script (bundled into dist/web/app.js by scripts/build-web.mjs):
// xterm.js shows the bytes the app draws, with the WebGL renderer where the
// browser gives a WebGL2 context and the DOM renderer where it does not (or
// loses it). Screen bytes are written once per animation frame; what xterm.js
// sends back (keys, mouse, paste, focus) goes to the app unchanged.
import { FitAddon } from '@xterm/addon-fit';
import { ImageAddon } from '@xterm/addon-image';
import { UnicodeGraphemesAddon } from '@xterm/addon-unicode-graphemes';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';

type Renderer = 'webgl' | 'dom';

/** What tests and benchmarks read from the page (no secrets here: only the screen). */
interface PageProbe {
  readonly term: Terminal;
  renderer: Renderer;
  /** Texts the app copied (OSC 52), newest last. */
  readonly copied: string[];
  /** Screen rows as text. */
  screen(): string[];
  /** Connection state: connecting, open, closed with its code. */
  state: string;
  /** Time of each xterm.js render, for the benchmark (the last 1,000). */
  readonly renders: number[];
  /** Screen messages and their bytes received so far, for the benchmark. */
  messages: number;
  bytes: number;
}

declare global {
  interface Window {
    mistralrsTui?: PageProbe;
  }
}

const params = new URLSearchParams(location.search);
function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
}
const el = element('term');
const overlay = element('overlay');
const message = element('message');

const term = new Terminal({
  allowProposedApi: true,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  fontSize: 14,
  scrollback: 0,
  cursorBlink: false,
  macOptionIsMeta: true,
  theme: { background: '#101014' },
});
const fit = new FitAddon();
term.loadAddon(fit);
term.loadAddon(new UnicodeGraphemesAddon());
term.open(el);

let renderer: Renderer = 'dom';
// `?renderer=dom` asks for the CPU renderer (tests, or a GPU driver that misbehaves).
if (params.get('renderer') !== 'dom') {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      // The GPU went away (driver reset, too many contexts): xterm.js falls back to the DOM.
      webgl.dispose();
      setRenderer('dom');
    });
    term.loadAddon(webgl);
    renderer = 'webgl';
  } catch {
    renderer = 'dom';
  }
}
// After the renderer, as its README asks: sixel and iTerm2 pictures.
term.loadAddon(new ImageAddon());

const copied: string[] = [];
const renders: number[] = [];
term.onRender(() => {
  renders.push(performance.now());
  if (renders.length > 1000) renders.splice(0, renders.length - 1000);
});
const probe: PageProbe = {
  term,
  renderer,
  copied,
  renders,
  state: 'connecting',
  messages: 0,
  bytes: 0,
  screen: () => {
    const b = term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < term.rows; y++)
      rows.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return rows;
  },
};
window.mistralrsTui = probe;

// OSC 52: the app's copy reaches the browser's clipboard. Reading it back
// (`?` for the data) is never answered: a page must not hand the clipboard to a program.
term.parser.registerOscHandler(52, (data) => {
  const semi = data.indexOf(';');
  const b64 = semi < 0 ? '' : data.slice(semi + 1);
  if (b64 === '?' || b64 === '') return true;
  let text: string;
  try {
    const bin = atob(b64);
    text = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return true;
  }
  copied.push(text);
  navigator.clipboard.writeText(text).catch(() => undefined);
  return true;
});

let ws: WebSocket | undefined;
const pending: Uint8Array[] = [];
let frameAsked = false;

/** Writes everything that came since the last animation frame in one go. */
function flush(): void {
  frameAsked = false;
  if (pending.length === 0) return;
  let total = 0;
  for (const p of pending) total += p.length;
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of pending) {
    all.set(p, at);
    at += p.length;
  }
  pending.length = 0;
  term.write(all);
}

function sendJson(m: object): void {
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
}

function setRenderer(r: Renderer): void {
  renderer = r;
  probe.renderer = r;
  sendJson({ t: 'renderer', renderer: r });
}

function show(html: string): void {
  message.innerHTML = html;
  overlay.classList.add('shown');
}
function hide(): void {
  overlay.classList.remove('shown');
}

let retry: number | undefined;

function connect(takeover: boolean): void {
  if (retry !== undefined) clearTimeout(retry);
  retry = undefined;
  probe.state = 'connecting';
  const socket = new WebSocket(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  );
  ws = socket;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    probe.state = 'open';
    hide();
    fit.fit();
    sendJson({ t: 'hello', cols: term.cols, rows: term.rows, renderer, takeover });
    term.focus();
  };
  socket.onmessage = (ev: MessageEvent) => {
    if (!(ev.data instanceof ArrayBuffer)) return;
    probe.messages++;
    probe.bytes += ev.data.byteLength;
    pending.push(new Uint8Array(ev.data));
    if (!frameAsked) {
      frameAsked = true;
      requestAnimationFrame(flush);
    }
  };
  socket.onclose = (ev: CloseEvent) => {
    if (ws !== socket) return;
    ws = undefined;
    probe.state = `closed ${ev.code}`;
    if (ev.code === 4000) {
      show(
        '<h1>Stopped</h1><p>mistralrs-tui has quit. Start it again with <code>mistralrs-tui web</code>.</p>',
      );
    } else if (ev.code === 4001) {
      show(
        '<h1>Opened elsewhere</h1><p>Another browser window took over mistralrs-tui.</p><button id="take">Take it back</button>',
      );
      takeButton();
    } else if (ev.code === 4409) {
      show(
        '<h1>In use elsewhere</h1><p>mistralrs-tui is open in another browser window; only one may control it at a time.</p><p>Take over? The other window will stop showing it.</p><button id="take">Take over</button>',
      );
      takeButton();
    } else {
      // The server is gone or the network dropped: the app may still be running, so try again.
      show('<h1>Disconnected</h1><p>Trying to reconnect…</p>');
      retry = window.setTimeout(() => {
        connect(false);
      }, 1000);
    }
  };
}

function takeButton(): void {
  document.getElementById('take')?.addEventListener('click', () => {
    connect(true);
  });
}

term.onData((d) => {
  sendJson({ t: 'in', d });
});
term.onResize(({ cols, rows }) => {
  sendJson({ t: 'size', cols, rows });
});
window.addEventListener('resize', () => {
  fit.fit();
});

fit.fit();
connect(params.get('takeover') === '1');
