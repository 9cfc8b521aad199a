// The text area's model: lines, a cursor, an optional selection anchor, undo
// and redo (typing coalesces into one step), and a history of submitted
// entries walked with up/down from the first/last line. The app owns the
// instance; the view only reads it (and clamps its scroll).
import { nextBoundary, prevBoundary, wordLeft, wordRight } from './editing.js';
import { type Pos, offsetAtX, visualPos, visualRows } from './rows.js';

export type { Pos };

interface Snapshot {
  readonly lines: readonly string[];
  readonly cursor: Pos;
}

const UNDO_LIMIT = 500;

const cmp = (a: Pos, b: Pos): number => a.row - b.row || a.col - b.col;

export class TextAreaModel {
  lines: string[] = [''];
  cursor: Pos = { row: 0, col: 0 };
  anchor: Pos | undefined = undefined;
  /** First visual row shown; the view clamps it. */
  scroll = 0;
  /** Width the view last wrapped at (set by the view; up/down move by visual row). */
  wrapWidth: number | undefined;
  tabWidth = 4;
  /** Display column that up/down try to keep (reset by any other move or edit). */
  private goalX: number | undefined;
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];
  private lastEdit: 'type' | 'other' | undefined;
  private history: string[] = [];
  private historyIndex: number | undefined;
  private draft = '';

  constructor(text = '') {
    this.setValue(text);
  }

  get value(): string {
    return this.lines.join('\n');
  }

  setValue(text: string): void {
    this.lines = text.replace(/\r\n?/g, '\n').split('\n');
    const last = this.lines.length - 1;
    this.cursor = { row: last, col: (this.lines[last] ?? '').length };
    this.anchor = undefined;
  }

  private line(row = this.cursor.row): string {
    return this.lines[row] ?? '';
  }

  /** The ordered selection [start, end), or undefined when nothing is selected. */
  selection(): [Pos, Pos] | undefined {
    const a = this.anchor;
    if (a === undefined || cmp(a, this.cursor) === 0) return undefined;
    return cmp(a, this.cursor) < 0 ? [a, this.cursor] : [this.cursor, a];
  }

  selectedText(): string {
    const sel = this.selection();
    if (!sel) return '';
    const [s, e] = sel;
    if (s.row === e.row) return this.line(s.row).slice(s.col, e.col);
    const parts = [this.line(s.row).slice(s.col)];
    for (let r = s.row + 1; r < e.row; r++) parts.push(this.line(r));
    parts.push(this.line(e.row).slice(0, e.col));
    return parts.join('\n');
  }

  selectAll(): void {
    this.anchor = { row: 0, col: 0 };
    const last = this.lines.length - 1;
    this.cursor = { row: last, col: this.line(last).length };
  }

  // --- editing -----------------------------------------------------------

  private checkpoint(kind: 'type' | 'other'): void {
    this.goalX = undefined;
    if (kind === 'type' && this.lastEdit === 'type') return;
    this.undoStack.push({ lines: [...this.lines], cursor: this.cursor });
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.redoStack = [];
    this.lastEdit = kind;
  }

  private deleteSelection(): boolean {
    const sel = this.selection();
    this.anchor = undefined;
    if (!sel) return false;
    const [s, e] = sel;
    const head = this.line(s.row).slice(0, s.col);
    const tail = this.line(e.row).slice(e.col);
    this.lines.splice(s.row, e.row - s.row + 1, head + tail);
    this.cursor = s;
    return true;
  }

  /** Inserts text at the cursor (replacing a selection); newlines split lines. */
  insert(text: string): void {
    if (text === '') return;
    const single = !text.includes('\n') && text.length <= 4 && text.trim() !== '';
    this.checkpoint(single && this.selection() === undefined ? 'type' : 'other');
    this.deleteSelection();
    const parts = text.replace(/\r\n?/g, '\n').split('\n');
    const cur = this.line();
    const head = cur.slice(0, this.cursor.col);
    const tail = cur.slice(this.cursor.col);
    const first = parts[0] ?? '';
    if (parts.length === 1) {
      this.lines[this.cursor.row] = head + first + tail;
      this.cursor = { row: this.cursor.row, col: head.length + first.length };
    } else {
      const last = parts[parts.length - 1] ?? '';
      const mid = parts.slice(1, -1);
      this.lines.splice(this.cursor.row, 1, head + first, ...mid, last + tail);
      this.cursor = { row: this.cursor.row + parts.length - 1, col: last.length };
    }
    if (!single) this.lastEdit = 'other';
  }

  paste(text: string): void {
    this.lastEdit = undefined;
    this.insert(text);
    this.lastEdit = undefined;
  }

  newline(): void {
    this.lastEdit = undefined;
    this.insert('\n');
  }

  /** Deletes the selection, or from the cursor to `to` (either direction). */
  private deleteTo(to: Pos): void {
    this.checkpoint('other');
    if (this.deleteSelection()) return;
    this.anchor = to;
    this.deleteSelection();
  }

  backspace(word = false): void {
    if (this.selection()) {
      this.deleteTo(this.cursor);
      return;
    }
    const { row, col } = this.cursor;
    if (col === 0) {
      if (row > 0) this.deleteTo({ row: row - 1, col: this.line(row - 1).length });
      return;
    }
    this.deleteTo({ row, col: word ? wordLeft(this.line(), col) : prevBoundary(this.line(), col) });
  }

  deleteForward(word = false): void {
    if (this.selection()) {
      this.deleteTo(this.cursor);
      return;
    }
    const { row, col } = this.cursor;
    if (col >= this.line().length) {
      if (row < this.lines.length - 1) this.deleteTo({ row: row + 1, col: 0 });
      return;
    }
    this.deleteTo({
      row,
      col: word ? wordRight(this.line(), col) : nextBoundary(this.line(), col),
    });
  }

  deleteToLineStart(): void {
    if (this.cursor.col > 0) this.deleteTo({ row: this.cursor.row, col: 0 });
  }

  deleteToLineEnd(): void {
    if (this.cursor.col < this.line().length)
      this.deleteTo({ row: this.cursor.row, col: this.line().length });
  }

  undo(): boolean {
    const s = this.undoStack.pop();
    if (!s) return false;
    this.redoStack.push({ lines: [...this.lines], cursor: this.cursor });
    this.restore(s);
    return true;
  }

  redo(): boolean {
    const s = this.redoStack.pop();
    if (!s) return false;
    this.undoStack.push({ lines: [...this.lines], cursor: this.cursor });
    this.restore(s);
    return true;
  }

  private restore(s: Snapshot): void {
    this.lines = [...s.lines];
    this.cursor = s.cursor;
    this.anchor = undefined;
    this.lastEdit = undefined;
  }

  // --- movement ----------------------------------------------------------

  /** Moves the cursor; with `select` the selection extends from where it was. */
  moveTo(p: Pos, select = false): void {
    if (select && this.anchor === undefined) this.anchor = this.cursor;
    if (!select) this.anchor = undefined;
    const row = Math.max(0, Math.min(this.lines.length - 1, p.row));
    this.cursor = { row, col: Math.max(0, Math.min(this.line(row).length, p.col)) };
    this.lastEdit = undefined;
    this.goalX = undefined;
  }

  left(select = false, word = false): void {
    const { row, col } = this.cursor;
    if (!select && this.selection()) {
      this.moveTo(this.selection()?.[0] ?? this.cursor);
      return;
    }
    if (col === 0) {
      if (row > 0) this.moveTo({ row: row - 1, col: this.line(row - 1).length }, select);
      return;
    }
    this.moveTo(
      { row, col: word ? wordLeft(this.line(), col) : prevBoundary(this.line(), col) },
      select,
    );
  }

  right(select = false, word = false): void {
    const { row, col } = this.cursor;
    if (!select && this.selection()) {
      this.moveTo(this.selection()?.[1] ?? this.cursor);
      return;
    }
    if (col >= this.line().length) {
      if (row < this.lines.length - 1) this.moveTo({ row: row + 1, col: 0 }, select);
      return;
    }
    this.moveTo(
      { row, col: word ? wordRight(this.line(), col) : nextBoundary(this.line(), col) },
      select,
    );
  }

  home(select = false): void {
    this.moveTo({ row: this.cursor.row, col: 0 }, select);
  }

  end(select = false): void {
    this.moveTo({ row: this.cursor.row, col: this.line().length }, select);
  }

  /**
   * Up by one visual row (soft-wrapped rows count), keeping the display
   * column; on the first row it walks back through the history instead.
   */
  up(select = false): void {
    this.vertical(-1, select);
  }

  down(select = false): void {
    this.vertical(1, select);
  }

  private vertical(dir: 1 | -1, select: boolean): void {
    const width = this.wrapWidth ?? Infinity;
    const rows = visualRows(this.lines, width, this.tabWidth);
    const cur = visualPos(rows, this.cursor, width);
    const target = cur.vrow + dir;
    if (target < 0 || target >= rows.length) {
      if (!select) {
        if (dir < 0) this.historyPrev();
        else this.historyNext();
      }
      return;
    }
    const goal = this.goalX ?? cur.x;
    const r = rows[target];
    if (!r) return;
    this.moveTo(
      { row: r.row, col: offsetAtX(rows, target, goal, this.line(r.row).length) },
      select,
    );
    this.goalX = goal;
  }

  // --- history -----------------------------------------------------------

  /** Returns the text, records it in the history and clears the editor. */
  submit(): string {
    const v = this.value;
    if (v.trim() !== '' && this.history[this.history.length - 1] !== v) this.history.push(v);
    this.historyIndex = undefined;
    this.undoStack = [];
    this.redoStack = [];
    this.setValue('');
    this.scroll = 0;
    return v;
  }

  historyPrev(): void {
    if (this.history.length === 0) return;
    if (this.historyIndex === undefined) {
      this.draft = this.value;
      this.historyIndex = this.history.length;
    }
    if (this.historyIndex === 0) return;
    this.historyIndex--;
    this.setValue(this.history[this.historyIndex] ?? '');
  }

  historyNext(): void {
    if (this.historyIndex === undefined) return;
    this.historyIndex++;
    if (this.historyIndex >= this.history.length) {
      this.historyIndex = undefined;
      this.setValue(this.draft);
      return;
    }
    this.setValue(this.history[this.historyIndex] ?? '');
  }
}
