// The root reducer: routes each action to the pane it concerns. Keys go to the
// overlay (help or a dialog), then the focused pane's commands (a sidebar
// tab's, then the sidebar's), then the global commands, then the composer's
// editor (when it has focus, or when text is typed in the chat or the
// inspector: it moves there); the first consumer wins.
import type { ChatEvent } from '../domain/chat.js';
import type { ViewCache } from './geometry/chat-layout.js';
import type { Action } from './types/actions.js';
import { dialogKey, dialogPaste } from './panes/dialog.js';
import type { Effect } from './types/effects.js';
import { focus, resizeSidebar, showTab } from './panes/global.js';
import { HANDLERS, TAB_MOUSE } from './handlers.js';
import {
  type CommandId,
  TAB_CONTEXTS,
  TYPING_CONTEXTS,
  isCommandId,
  resolveKey,
  typesText,
} from './types/keymap.js';
import { dismissToasts, expireToasts, notify, stampNotices } from './panes/notify.js';
import * as chat from './panes/chat.js';
import * as chatBranch from './panes/chat-branch.js';
import { settleChatScroll } from './panes/chat-scroll.js';
import { noteData, noteTick } from './panes/chat-quiet.js';
import * as chatSelect from './panes/chat-select.js';
import * as composer from './panes/composer.js';
import * as attachments from './panes/attachments.js';
import * as generate from './panes/generate.js';
import * as agent from './panes/agent.js';
import { onAgentDialogCancelled } from './panes/agent-approval.js';
import { onTemplatesLoaded } from './panes/templates.js';
import * as logs from './panes/logs.js';
import * as metrics from './panes/metrics.js';
import * as models from './panes/models.js';
import * as sessions from './panes/sessions.js';
import { type Result, none } from './types/result.js';
import { routeDialog } from './route-dialog.js';
import { type State, fixFocus, focusedContext } from './types/state.js';

export type { Result } from './types/result.js';

export function runCommand(s: State, id: CommandId, now: string): Result {
  const h = HANDLERS[id];
  return h === undefined ? none(s) : h(s, now);
}

function runById(s: State, id: string, now: string): Result {
  return isCommandId(id) ? runCommand(s, id, now) : none(s);
}

function closeOverlay(s: State): State {
  const { overlay: _o, ...rest } = s;
  return rest;
}

function onDialogKey(s: State, a: Extract<Action, { type: 'key' }>, now: string): Result {
  if (s.overlay?.kind !== 'dialog') return none(s);
  if (resolveKey(s.keymap, 'global', a.event) === 'app.quit') return runCommand(s, 'app.quit', now);
  const out = dialogKey(s.overlay.dialog, a.event);
  switch (out.type) {
    case 'open':
      return none({ ...s, overlay: { kind: 'dialog', dialog: out.dialog } });
    case 'cancelled': {
      const p = s.overlay.dialog.purpose;
      if (agent.isAgentDialog(p.type)) {
        const back = onAgentDialogCancelled(
          closeOverlay(s),
          p as Parameters<typeof onAgentDialogCancelled>[1],
        );
        if (back !== 'stop') return none(back);
        return p.type === 'agentContinue'
          ? agent.onContinue(closeOverlay(s), false, now)
          : (agent.stopRound(closeOverlay(s), now) ?? none(closeOverlay(s)));
      }
      return none(closeOverlay(s));
    }
    case 'submitted':
      return routeDialog(closeOverlay(s), out.dialog, out.value, now, runById);
  }
}

function onKey(s: State, a: Extract<Action, { type: 'key' }>, now: string): Result {
  const e = a.event;
  if (e.kind === 'release') return none(s);
  if (s.overlay?.kind === 'dialog') return onDialogKey(s, a, now);
  // A picture shown full size: any key closes it.
  if (s.overlay?.kind === 'media') return none(closeOverlay(s));
  const ctx = focusedContext(s);
  // The sessions tab's search line takes typing before the tab's letter keys.
  if (ctx === 'sessions') {
    const searching = sessions.searchKey(s, e);
    if (searching !== undefined) return searching;
  }
  const own = resolveKey(s.keymap, ctx, e);
  if (own !== undefined) return runCommand(s, own, now);
  if (TAB_CONTEXTS.includes(ctx)) {
    const shared = resolveKey(s.keymap, 'sidebar', e);
    if (shared !== undefined) return runCommand(s, shared, now);
  }
  const global = resolveKey(s.keymap, 'global', e);
  if (global !== undefined) {
    // Behind the help overlay only quitting and closing it work.
    if (ctx === 'help' && global !== 'app.quit') return none(s);
    return runCommand(s, global, now);
  }
  // Backspace in an empty message box takes the last attachment chip off.
  const unchipped = ctx === 'composer' ? attachments.backspaceChip(s, e) : undefined;
  if (unchipped !== undefined) return none(unchipped);
  // The editor gets what no command took (so Tab moves focus, Ctrl+Z suspends).
  if (ctx === 'composer' && composer.editKey(s, e)) return none({ ...s });
  // Text typed after a click on a reply is the next message, as in any chat app.
  if (TYPING_CONTEXTS.includes(ctx) && typesText(e)) return none(composer.typeFrom(s, e));
  return none(s);
}

function onMouse(s: State, a: Extract<Action, { type: 'mouse' }>, now: string): Result {
  const { event: e, hit } = a;
  if (s.overlay?.kind === 'help') {
    if (e.action === 'press') return runCommand(s, 'help.close', now);
    return none(s);
  }
  if (s.overlay?.kind === 'dialog') return none(s);
  if (s.overlay?.kind === 'media') return none(e.action === 'press' ? closeOverlay(s) : s);
  // Dragging the sidebar's border: the width follows the pointer, saved on release.
  if (s.drag?.kind === 'sidebar') {
    if (e.action === 'drag') return resizeSidebar(s, s.width - e.x, false);
    if (e.action === 'release') {
      const { drag: _d, ...rest } = s;
      return resizeSidebar(rest, rest.sidebarWidth, true);
    }
  }
  // A text selection in the chat follows the pointer wherever it goes until released.
  if (chatSelect.dragging(s) && (e.action === 'drag' || e.action === 'release'))
    return chatSelect.chatMouse(s, e, undefined);
  if (hit === undefined) return none(s);
  const wheel = e.action === 'wheelUp' ? 1 : e.action === 'wheelDown' ? -1 : 0;
  if (wheel !== 0) {
    if (hit.pane === 'sidebar') {
      const w = TAB_MOUSE[s.sidebarTab].wheel;
      if (w === undefined) return none(s);
      const moved = w(s, wheel * s.scrollLines);
      return 'width' in moved ? none(moved) : moved;
    }
    if (hit.pane === 'chat') return none(chat.scrollBy(s, wheel * s.scrollLines));
    if (hit.pane === 'inspector')
      return none(chatSelect.scrollInspector(s, -wheel * s.scrollLines));
    return none(s);
  }
  if (e.action !== 'press' || e.button !== 'left') return none(s);
  switch (hit.pane) {
    case 'toast':
      return none(dismissToasts(s));
    case 'sidebarBorder':
      return none({ ...s, drag: { kind: 'sidebar' } });
    case 'sidebarTab': {
      const [next, fx] = showTab(s, hit.tab);
      return [focus(next, 'sidebar'), fx];
    }
    case 'sidebar': {
      const focused = focus(s, 'sidebar');
      const click = TAB_MOUSE[s.sidebarTab].click;
      if (hit.index === undefined || click === undefined) return none(focused);
      return click(focused, hit.index, now);
    }
    case 'chat':
      return (
        attachments.previewClick(focus(s, 'chat'), hit.rows, e.y) ??
        chatBranch.versionClick(focus(s, 'chat'), e, hit.rows) ??
        chatSelect.chatMouse(focus(s, 'chat'), e, hit.rows)
      );
    case 'composer':
      if (hit.chip !== undefined && hit.remove === true)
        return none(attachments.removeChip(focus(s, 'composer'), hit.chip));
      return none(focus(s, hit.pane));
    case 'inspector':
      return none(focus(s, hit.pane));
    case 'status':
      return none(s);
  }
}

/** The session to reopen at the next start. */
const rememberSession = (id: string): Effect => ({
  type: 'saveSetting',
  key: 'ui.last_session',
  value: id,
});

function settingsLoaded(s: State, a: Extract<Action, { type: 'settingsLoaded' }>): State {
  let next = s;
  if (a.layout !== undefined) next = { ...next, layout: a.layout };
  if (a.theme !== undefined) next = { ...next, theme: a.theme };
  if (a.sidebarTab !== undefined) next = { ...next, sidebarTab: a.sidebarTab };
  if (a.sidebarWidth !== undefined) next = { ...next, sidebarWidth: a.sidebarWidth };
  if (a.lastModel !== undefined) next = models.applyLastModel(next, a.lastModel);
  return next === s ? s : fixFocus(next);
}

/** The actions a saved turn stands for, in the order they happened. */
function savedActions(a: Extract<Action, { type: 'turnSaved' }>): Action[] {
  const out: Action[] = [];
  if (a.created !== undefined) {
    const { session, settings } = a.created;
    out.push({ type: 'sessionCreated', session });
    out.push({ type: 'sessionSettingsLoaded', sessionId: session.id, settings });
  }
  for (const i of a.items) {
    out.push({ type: 'itemSaved', itemId: i.itemId, storeId: i.storeId });
    if (i.siblings !== undefined)
      out.push({ type: 'siblingsLoaded', itemId: i.itemId, ids: i.siblings });
  }
  return out;
}

/**
 * What streamed events ask for: when the server refused the model's name
 * ("default" after an unload), its list tells which id to name from now on
 * (panes/chat-model.ts).
 */
function afterEvents(events: readonly ChatEvent[]): Effect[] {
  return events
    .filter((e) => e.type === 'error' && e.error.code === 'engine_poisoned')
    .map((): Effect => ({ type: 'listServerModels' }));
}

/** Several actions as one: each reduces the state the one before left, their effects in order. */
function reduceAll(s: State, actions: readonly Action[], now: string): Result {
  let next = s;
  const effects: Effect[] = [];
  for (const a of actions) {
    const [after, fx] = reduce(next, a, now);
    next = after;
    effects.push(...fx);
  }
  return [next, effects];
}

function reduce(s: State, a: Action, now: string): Result {
  switch (a.type) {
    case 'key':
      return onKey(s, a, now);
    case 'paste':
      if (s.overlay?.kind === 'dialog')
        return none({
          ...s,
          overlay: { kind: 'dialog', dialog: dialogPaste(s.overlay.dialog, a.text) },
        });
      if (s.overlay === undefined && focusedContext(s) === 'sessions') {
        const searching = sessions.searchPaste(s, a.text);
        if (searching !== undefined) return searching;
      }
      if (s.overlay !== undefined) return none(s);
      if (s.focus === 'composer' || TYPING_CONTEXTS.includes(focusedContext(s))) {
        // A pasted (or dropped) path to an image or audio file becomes a chip.
        const path = attachments.pastedPath({ ...s, focus: 'composer' }, a.text);
        if (path !== undefined) return path;
      }
      if (s.focus === 'composer') return none(composer.paste(s, a.text));
      // A paste in the chat or the inspector is text for the message box, like typing.
      if (TYPING_CONTEXTS.includes(focusedContext(s)))
        return none(composer.paste({ ...s, focus: 'composer' }, a.text));
      return none(s);
    case 'mouse':
      return onMouse(s, a, now);
    case 'resize':
      return none(fixFocus({ ...s, width: a.width, height: a.height }));
    case 'tick':
      return none(noteTick(expireToasts({ ...s, tick: s.tick + 1 }, now), now));
    case 'command':
      return runCommand(s, a.id, now);
    case 'health': {
      const next: State = {
        ...s,
        backend: {
          ...s.backend,
          connection: a.ok ? 'ok' : 'down',
          ...(a.message !== undefined ? { message: a.message } : {}),
        },
      };
      // A server that just came up: ask what it serves (the models tab, a remembered model).
      // The first answer asks even when down, for the free memory the models tab shows.
      const ask = (a.ok && s.backend.connection !== 'ok') || s.backend.connection === 'checking';
      return [next, ask ? [{ type: 'listServerModels' }] : []];
    }
    case 'settingsLoaded':
      return none(settingsLoaded(s, a));
    case 'sessionsLoaded':
      return none(sessions.loaded(s, a.items, a.problem, a.total));
    case 'sessionsPage':
      return none(sessions.pageLoaded(s, a.offset, a.items, a.total));
    case 'sessionsSearched':
      return none(sessions.searched(s, a.seq, a.hits, a.error));
    case 'sessionUpdated':
      return sessions.updated(s, a.session, a.change);
    case 'sessionsDeleted':
      return sessions.deleted(s, a.ids);
    case 'sessionForked':
      return sessions.forked(s, a.session);
    case 'sessionExported':
      return none(sessions.exported(s, a.file));
    case 'exportExists':
      return sessions.askOverwrite(s, a.sessionId, a.file, a.format);
    case 'sessionOpened': {
      const at = s.sessions.items.findIndex((x) => x.id === a.session.id);
      return [
        sessions.opened(
          {
            ...s,
            chat: {
              sessionId: a.session.id,
              title: a.session.title,
              items: a.items,
              scroll: 0,
              // The inspector's record of this run's replies outlives switching sessions.
              ...(s.chat.traces !== undefined ? { traces: s.chat.traces } : {}),
            },
            sessions: at < 0 ? s.sessions : { ...s.sessions, selected: at },
            focus: 'composer',
          },
          a.session.id,
        ),
        [rememberSession(a.session.id)],
      ];
    }
    case 'sessionCreated':
      return [
        sessions.created({ ...s, chat: { ...s.chat, sessionId: a.session.id } }, a.session),
        [rememberSession(a.session.id)],
      ];
    case 'itemSaved':
      return none({
        ...s,
        chat: {
          ...s.chat,
          items: s.chat.items.map((i) => (i.id === a.itemId ? { ...i, storeId: a.storeId } : i)),
        },
      });
    case 'chatEvent':
      return [
        noteData(chat.onChatEvent(s, a.requestId, a.event), a.requestId, now),
        afterEvents([a.event]),
      ];
    case 'streamEnded': {
      const ended = s.chat.streaming?.requestId === a.requestId ? s.chat.streaming : undefined;
      const failed = s.chat.items.some((i) => i.id === ended?.itemId && i.status === 'error');
      // A reply that failed may mean the server is gone: ask /health now, so
      // that the status bar's dot is not left saying "connected".
      return [
        chat.onStreamEnded(s, a.requestId, a.figures),
        [sessions.reload(s), ...(failed ? [{ type: 'checkHealth' } as const] : [])],
      ];
    }
    case 'turnSaved':
      return reduceAll(s, savedActions(a), now);
    case 'chatEvents':
      return [
        attachments.afterEvents(
          s,
          noteData(chat.onChatEvents(s, a.requestId, a.events), a.requestId, now),
          a.requestId,
          a.events,
        ),
        afterEvents(a.events),
      ];
    case 'turnEnded': {
      const itemId =
        s.chat.streaming?.requestId === a.requestId ? s.chat.streaming.itemId : undefined;
      const [ended, fx] = reduceAll(
        s,
        [
          { type: 'replyTraced', itemId: a.traceKey, trace: a.trace },
          { type: 'streamEnded', requestId: a.requestId, figures: a.figures },
        ],
        now,
      );
      if (itemId === undefined) return [ended, fx];
      // Agent mode: the reply's tool calls start a round (panes/agent.ts).
      const [next, more] = agent.afterReply(ended, itemId, now);
      return [next, [...fx, ...more]];
    }
    case 'agent':
      return agent.onAgentAction(s, a.event, now);
    case 'notice':
      return none(notify(s, a.level, a.text));
    case 'sessionSettingsLoaded':
      return none(composer.onSessionLoaded(s, a.sessionId, a.settings));
    case 'templatesLoaded':
      return onTemplatesLoaded(s, a.templates, a);
    case 'backendSwitched': {
      // A diffusion or speech model launched: straight into a chat that generates with it.
      const [next, fx] = models.onModelsAction(s, a);
      return [generate.onSwitched(next), fx];
    }
    case 'inventoryLoaded':
    case 'launcherChecked':
    case 'serverModelsLoaded':
    case 'modelWorkDone':
    case 'launchedExited':
      return models.onModelsAction(s, a);
    case 'branchOpened':
      return none(chatBranch.branchOpened(s, a.sessionId, a.items, a.selected));
    case 'siblingsLoaded':
      return none(chatBranch.siblingsLoaded(s, a.itemId, a.ids));
    case 'replyTraced':
      return none(chat.traced(s, a.itemId, a.trace));
    case 'serverLine':
      return none(logs.onServerLine(s, a.text, now));
    case 'serverQueue':
      return none(metrics.onQueue(s, a, now));
    case 'logRecord':
      return none(logs.onRecords(s, [a]));
    case 'logRecords':
      return none(logs.onRecords(s, a.records));
    case 'telemetry':
      return none(metrics.onTelemetry(s, a.update));
    case 'attachmentProbed':
      return none(attachments.onProbed(s, a.ref));
    case 'pasteText':
      return none(composer.paste({ ...s, focus: 'composer' }, a.text));
    case 'mediaFiles':
      return none(attachments.onMediaFiles(s, a.root, a.files, a.open));
    case 'attachmentsLoaded':
      return none(attachments.onLoaded(s, a.sessionId, a.byMessage));
    case 'attachmentsSaved':
      return none(attachments.onSaved(s, a.itemId, a.refs));
    case 'playbackEnded':
      return none(attachments.onPlaybackEnded(s, a.key));
    case 'generationEnded':
      return [
        generate.onEnded(s, a.requestId, a.refs, a.error, a.cancelled === true),
        [sessions.reload(s)],
      ];
  }
}

/**
 * The next state and the effects to run, for one action. `now` stamps new
 * messages. `cache` is the runtime's view cache: with it the chat's scroll is
 * settled from geometry (panes/chat-scroll.ts); reducer tests leave it out.
 */
export function update(
  s: State,
  a: Action,
  now = new Date().toISOString(),
  cache?: ViewCache,
): Result {
  const [first, firstFx] = reduce(s, a, now);
  // Agent mode: a round of tool calls whose chat was left is stopped (panes/agent.ts).
  const dropped = agent.dropLeftRound(first);
  const [reduced, effects] =
    dropped === undefined ? [first, firstFx] : [dropped[0], [...firstFx, ...dropped[1]]];
  // Whatever changed the layout or the connection, the poller follows.
  const [next, telemetry] = metrics.syncTelemetry(s, reduced, now);
  // The models tab coming into view asks the server again (statuses change behind our back).
  const follow = [...telemetry, ...models.onShown(s, next), ...attachments.follow(a, next)];
  const settled = settleChatScroll(s, next, cache);
  return [stampNotices(settled, now), follow.length === 0 ? effects : [...effects, ...follow]];
}
