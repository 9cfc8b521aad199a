// A tiny program for the real-tmux test: a transcript with a picture drawn
// as kitty placeholders; `j` scrolls it up by two lines, `q` quits. Runs the
// built engine (dist/), as the app does.
import { Graphics, Renderer, drawImage, rect, resolveCapabilities } from '../../dist/tui/index.js';

const caps = resolveCapabilities(process.env, undefined, { setting: 'kitty', passthrough: 'on' });
const g = new Graphics(caps, { depth: 'truecolor' });
const w = 200;
const h = 100;
const data = new Uint8Array(w * h * 4);
for (let i = 0; i < w * h; i++) data.set([(i % w) + 40, 80, 200, 255], i * 4);
const pic = g.pictureFromPixels('tmux-test', { width: w, height: h, data });
const { columns, rows } = process.stdout;
const renderer = new Renderer({
  width: columns,
  height: rows,
  depth: 'truecolor',
  write: (s) => process.stdout.write(s),
});
let scroll = 0;
const draw = () =>
  renderer.draw((f) => {
    const buf = f.buffer;
    for (let y = 0; y < rows; y++) buf.setString(0, y, `line ${y + scroll}`);
    const area = rect(4, 6 - scroll, 20, 5);
    buf.clear(rect(0, area.y, columns, 5));
    drawImage(buf, area, { picture: pic, graphics: g, clip: rect(0, 0, columns, rows) });
  });
process.stdin.setRawMode(true);
process.stdout.write('\x1b[?1049h');
draw();
process.stdin.on('data', (d) => {
  // Keys sent quickly arrive together: handle each.
  for (const k of d.toString()) {
    if (k === 'q') {
      process.stdout.write('\x1b[?1049l');
      process.exit(0);
    }
    if (k === 'j') scroll += 2;
    if (k === 'r') renderer.invalidate();
  }
  draw();
});
