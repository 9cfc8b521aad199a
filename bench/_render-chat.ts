// The chat view the render benchmark draws with the engine: a title bar, the
// transcript anchored to the bottom (each message a MarkdownDocument cached
// per width), an input box and a status line.
import {
  type Buffer,
  DARK_THEME,
  type Frame,
  type Line,
  MarkdownDocument,
  drawBlock,
  drawTextArea,
  rect,
  span,
  line,
  TextAreaModel,
} from '../dist/tui/index.js';
import type { Message } from './_render-scenario.ts';

export class ChatView {
  private readonly docs: MarkdownDocument[] = [];
  private readonly input = new TextAreaModel('');
  readonly messages: { role: Message['role']; content: string }[];

  constructor(messages: readonly Message[]) {
    this.messages = messages.map((m) => ({ ...m }));
  }

  private doc(i: number): MarkdownDocument {
    let d = this.docs[i];
    if (!d) {
      d = new MarkdownDocument(DARK_THEME);
      this.docs[i] = d;
    }
    return d;
  }

  /** The last `height` transcript lines at `width`, oldest first. */
  visibleLines(width: number, height: number): Line[] {
    const out: Line[][] = [];
    let n = 0;
    for (let i = this.messages.length - 1; i >= 0 && n < height; i--) {
      const m = this.messages[i];
      if (!m) continue;
      const header = line(
        span(
          m.role === 'user' ? '▌ You' : '▌ Assistant',
          m.role === 'user' ? DARK_THEME['text.accent'] : DARK_THEME['status.ok'],
        ),
      );
      const body = this.doc(i).lines(m.content, width);
      const block = [header, ...body, line('')];
      out.unshift(block);
      n += block.length;
    }
    const all = out.flat();
    return all.slice(Math.max(0, all.length - height));
  }

  draw(frame: Frame): void {
    const buf: Buffer = frame.buffer;
    const { width, height } = buf.area;
    buf.setString(0, 0, ' mistralrs-tui — chat', DARK_THEME['title.focused']);
    const body = rect(2, 1, width - 4, height - 5);
    const lines = this.visibleLines(body.width, body.height);
    lines.forEach((l, i) => buf.setLine(body.x, body.y + i, l, body.width));
    const inputArea = rect(0, height - 4, width, 3);
    const inner = drawBlock(buf, inputArea, {
      borderType: 'rounded',
      borderStyle: DARK_THEME['border.focused'],
    });
    const cur = drawTextArea(buf, inner, this.input, {
      placeholder: 'Ask anything…',
      placeholderStyle: DARK_THEME['input.placeholder'],
    });
    if (cur) frame.setCursor(cur.x, cur.y);
    buf.setString(
      0,
      height - 1,
      ` SmolLM2-135M · streaming · ${this.messages.length} messages`,
      DARK_THEME['text.dim'],
    );
  }
}
