// Where a dialog's answer goes: by its purpose, to the reducer of the pane
// that opened it. A handler may keep the dialog open with an error
// (`withError`) by putting it back in the overlay.
import type { Dialog, DialogValue } from './panes/dialog.js';
import { isCommandId } from './types/keymap.js';
import { remember } from './panes/palette.js';
import * as sessions from './panes/sessions.js';
import * as composer from './panes/composer.js';
import * as chatBranch from './panes/chat-branch.js';
import * as logs from './panes/logs.js';
import * as models from './panes/models.js';
import * as attachments from './panes/attachments.js';
import * as agent from './panes/agent.js';
import { onAgentDialog } from './panes/agent-approval.js';
import { type Result, none } from './types/result.js';
import type { State } from './types/state.js';

/** The reducer that runs a command (update.ts's), handed in to avoid an import cycle. */
export type RunCommand = (s: State, id: string, now: string) => Result;

export function routeDialog(
  s: State,
  d: Dialog,
  value: DialogValue,
  now: string,
  run: RunCommand,
): Result {
  const p = d.purpose;
  switch (p.type) {
    case 'palette':
      if (value.kind !== 'pick' || !isCommandId(value.value)) return none(s);
      return run(remember(s, value.value), value.value, now);
    case 'logsFilter':
      return value.kind === 'text' ? logs.setQuery(s, value.text) : none(s);
    case 'filterModels':
    case 'pickModel':
      return models.onDialog(s, p.type, value, now);
    case 'unloadModel':
      return models.onUnloadConfirmed(s, p.key);
    case 'editMessage':
      return value.kind === 'text'
        ? chatBranch.applyEdit(s, d, p.itemId, value.text, now)
        : none(s);
    case 'renameSession':
    case 'tagSession':
    case 'deleteSession':
    case 'exportSession':
      return sessions.onDialog(s, d, value);
    case 'sessionSettings':
    case 'systemPrompt':
    case 'slashHelp':
    case 'templates':
    case 'templateAction':
    case 'templateForm':
    case 'templateBody':
    case 'templateDelete':
    case 'templateFill':
      return composer.onDialog(s, d, p, value);
    case 'attachPick':
      return attachments.onPicked(s, p.root, value);
    case 'toolApproval':
    case 'toolDenyReason':
    case 'toolEdit':
    case 'toolAlways':
      return onAgentDialog(s, d, p, value, now);
    case 'agentContinue':
      return agent.onContinue(s, true, now);
    case 'quit':
      return run(s, 'app.quit', now);
    case 'none':
      return none(s);
  }
}
