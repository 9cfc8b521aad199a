// The application: state, actions, the root reducer, effects as data, the
// keymap and the views. Imports only tui/ and domain/; the runtime runs it.
export * from './types/state.js';
export * from './types/actions.js';
export * from './types/effects.js';
export * from './types/keymap.js';
export * from './types/attachments.js';
export type { MediaSource } from './geometry/media.js';
export type * from './types/agent.js';
export { update, runCommand } from './update.js';
export { itemFromMessage, newestLeaf, threadItems, titleFrom } from './panes/chat.js';
export { drawApp, type Drawn } from './view/draw.js';
export { ViewCache, measureAhead } from './geometry/chat-layout.js';
export { settleChatScroll } from './panes/chat-scroll.js';
export {
  computeLayout,
  hitTest,
  type AppLayout,
  type HitTarget,
  MIN_WIDTH,
  MIN_HEIGHT,
} from './geometry/layout.js';
export { keybindingsMarkdown, hints } from './view/panels.js';
export { chatDefaults } from './panes/session-settings.js';
export { modelsBusy, serverPollMs } from './panes/models.js';
export { themeFor, LIGHT_THEME, HIGH_CONTRAST_THEME, type ThemeName } from './types/themes.js';
