// The root reducer: routes each action to the pane it concerns. Keys go to the
// overlay, then the focused pane's commands, then the global commands, then
// the composer's editor (when it has focus); the first consumer wins.
import { type Action } from './actions.js';
import { type Effect } from './effects.js';
import { type CommandId, resolveKey } from './keymap.js';
import * as chat from './panes/chat.js';
import * as composer from './panes/composer.js';
import * as sessions from './panes/sessions.js';
import { type Pane, type State, focusOrder, focusedContext } from './state.js';
import { computeLayout } from './view/layout.js';
import { helpMaxScroll } from './view/panels.js';

export type Result = readonly [State, readonly Effect[]];

const none = (s: State): Result => [s, []];

function focus(s: State, pane: Pane): State {
  return s.focus === pane ? s : { ...s, focus: pane };
}

function cycleFocus(s: State, step: number): State {
  const order = focusOrder(s);
  const i = order.indexOf(s.focus);
  const next = order[(i + step + order.length) % order.length] ?? 'composer';
  return focus(s, next);
}

function pageRows(s: State): number {
  return Math.max(1, computeLayout(s).chat.height - 3);
}

export function runCommand(s: State, id: CommandId, now: string): Result {
  switch (id) {
    case 'app.quit':
    case 'chat.quit':
    case 'sessions.quit':
      return [s, [...chat.cancel(s)[1], { type: 'quit' }]];
    case 'app.help':
    case 'chat.help':
    case 'sessions.help':
      return none({ ...s, overlay: 'help', helpScroll: 0 });
    case 'help.close': {
      const { overlay: _o, ...rest } = s;
      return none(rest);
    }
    case 'help.up':
      return none({ ...s, helpScroll: Math.max(0, s.helpScroll - 1) });
    case 'help.down':
      return none({ ...s, helpScroll: Math.min(helpMaxScroll(s), s.helpScroll + 1) });
    case 'app.suspend':
      return [s, [{ type: 'suspend' }]];
    case 'focus.next':
      return none(cycleFocus(s, 1));
    case 'focus.prev':
      return none(cycleFocus(s, -1));
    case 'layout.toggle': {
      const layout = s.layout === 'dual' ? 'single' : 'dual';
      const next: State = {
        ...s,
        layout,
        focus: layout === 'single' && s.focus === 'sessions' ? 'composer' : s.focus,
      };
      return [next, [{ type: 'saveSetting', key: 'ui.layout', value: layout }]];
    }
    case 'session.new':
    case 'sessions.new':
      return chat.newChat(s);
    case 'chat.cancel':
      return chat.cancel(s);
    case 'chat.retry':
      return chat.retry(s, now);
    case 'composer.send':
      return composer.submit(s, now);
    case 'composer.newline':
      return none(composer.newline(s));
    case 'chat.scroll_up':
      return none(chat.scrollBy(s, 1));
    case 'chat.scroll_down':
      return none(chat.scrollBy(s, -1));
    case 'chat.page_up':
      return none(chat.scrollBy(s, pageRows(s)));
    case 'chat.page_down':
      return none(chat.scrollBy(s, -pageRows(s)));
    case 'chat.top':
      return none(chat.scrollTo(s, 'top'));
    case 'chat.bottom':
      return none(chat.scrollTo(s, 'bottom'));
    case 'chat.compose':
      return none(focus(s, 'composer'));
    case 'sessions.up':
      return none(sessions.move(s, -1));
    case 'sessions.down':
      return none(sessions.move(s, 1));
    case 'sessions.open':
      return sessions.open(s);
    case 'sessions.refresh':
      return [s, [{ type: 'loadSessions' }]];
  }
}

function onKey(s: State, a: Extract<Action, { type: 'key' }>, now: string): Result {
  const e = a.event;
  if (e.kind === 'release') return none(s);
  // A key press clears the last notice.
  const base: State = s.notice !== undefined ? (({ notice: _n, ...r }) => r)(s) : s;
  const ctx = focusedContext(base);
  const own = resolveKey(base.keymap, ctx, e);
  if (own !== undefined) return runCommand(base, own, now);
  const global = resolveKey(base.keymap, 'global', e);
  if (global !== undefined) {
    // Behind the help overlay only quitting and closing it work.
    if (ctx === 'help' && global !== 'app.quit') return none(base);
    return runCommand(base, global, now);
  }
  // The editor gets what no command took (so Tab moves focus, Ctrl+Z suspends).
  if (ctx === 'composer' && composer.editKey(base, e)) return none({ ...base });
  return none(base);
}

function onMouse(s: State, a: Extract<Action, { type: 'mouse' }>): Result {
  const { event: e, hit } = a;
  if (s.overlay === 'help') {
    if (e.action === 'press') return runCommand(s, 'help.close', '');
    return none(s);
  }
  if (hit === undefined) return none(s);
  const wheel = e.action === 'wheelUp' ? 1 : e.action === 'wheelDown' ? -1 : 0;
  if (wheel !== 0) {
    if (hit.pane === 'sessions') return none(sessions.move(s, -wheel));
    if (hit.pane === 'chat') return none(chat.scrollBy(s, wheel * s.scrollLines));
    return none(s);
  }
  if (e.action !== 'press' || e.button !== 'left') return none(s);
  if (hit.pane === 'sessions') {
    const focused = focus(s, 'sessions');
    if (hit.index === undefined) return none(focused);
    return sessions.open(sessions.select(focused, hit.index));
  }
  if (hit.pane === 'chat' || hit.pane === 'composer') return none(focus(s, hit.pane));
  return none(s);
}

/** The next state and the effects to run, for one action. `now` stamps new messages. */
export function update(s: State, a: Action, now = new Date().toISOString()): Result {
  switch (a.type) {
    case 'key':
      return onKey(s, a, now);
    case 'paste':
      return none(
        s.focus === 'composer' && s.overlay === undefined ? composer.paste(s, a.text) : s,
      );
    case 'mouse':
      return onMouse(s, a);
    case 'resize':
      return none({ ...s, width: a.width, height: a.height });
    case 'chatClamped':
      return none({ ...s, chat: { ...s.chat, scroll: a.scroll } });
    case 'tick':
      return none({ ...s, tick: s.tick + 1 });
    case 'command':
      return runCommand(s, a.id, now);
    case 'health':
      return none({
        ...s,
        backend: {
          ...s.backend,
          connection: a.ok ? 'ok' : 'down',
          ...(a.message !== undefined ? { message: a.message } : {}),
        },
      });
    case 'settingsLoaded':
      return none(
        a.layout === undefined || a.layout === s.layout
          ? s
          : {
              ...s,
              layout: a.layout,
              focus: a.layout === 'single' && s.focus === 'sessions' ? 'composer' : s.focus,
            },
      );
    case 'sessionsLoaded':
      return none(sessions.loaded(s, a.items, a.problem));
    case 'sessionOpened': {
      const at = s.sessions.items.findIndex((x) => x.id === a.session.id);
      return none({
        ...s,
        chat: { sessionId: a.session.id, title: a.session.title, items: a.items, scroll: 0 },
        sessions: at < 0 ? s.sessions : { ...s.sessions, selected: at },
        focus: 'composer',
      });
    }
    case 'sessionCreated':
      return none(
        sessions.created({ ...s, chat: { ...s.chat, sessionId: a.session.id } }, a.session),
      );
    case 'itemSaved':
      return none({
        ...s,
        chat: {
          ...s.chat,
          items: s.chat.items.map((i) => (i.id === a.itemId ? { ...i, storeId: a.storeId } : i)),
        },
      });
    case 'chatEvent':
      return none(chat.onChatEvent(s, a.requestId, a.event));
    case 'streamEnded':
      return [chat.onStreamEnded(s, a.requestId, a.figures), [{ type: 'loadSessions' }]];
    case 'notice':
      return none({ ...s, notice: { level: a.level, text: a.text } });
  }
}
