// Why a dialog is open, for every pane in one place: the dialog module
// (panes/dialog.ts) carries a purpose without knowing what it means, and
// route-dialog.ts hands the answer to the pane that opened the dialog.

/** The chat's settings form and its system-prompt dialog (panes/session-settings.ts). */
export type SettingsPurpose =
  { readonly type: 'sessionSettings' } | { readonly type: 'systemPrompt' };

/** The template manager and its follow-up dialogs (panes/templates.ts). */
export type TemplatePurpose =
  | { readonly type: 'templates' }
  | { readonly type: 'templateAction'; readonly id: string }
  /** Name and description of a new (`id` undefined) or edited template. */
  | { readonly type: 'templateForm'; readonly id?: string }
  | {
      readonly type: 'templateBody';
      readonly id?: string;
      readonly name: string;
      readonly description: string;
    }
  | { readonly type: 'templateDelete'; readonly id: string; readonly name: string }
  | { readonly type: 'templateFill'; readonly name: string; readonly body: string };

/** Agent mode's dialogs (panes/agent-approval.ts): a tool call's approval and what follows it. */
export type AgentPurpose =
  | { readonly type: 'toolApproval'; readonly itemId: string }
  | { readonly type: 'toolDenyReason'; readonly itemIds: readonly string[] }
  | { readonly type: 'toolEdit'; readonly itemId: string }
  | { readonly type: 'toolAlways'; readonly itemId: string }
  /** agent.max_steps rounds are done: go on? */
  | { readonly type: 'agentContinue' };

/**
 * Why a dialog is open; the reducer that opened it handles the answer.
 * Each pane adds its own purposes here (route-dialog.ts routes them).
 */
export type DialogPurpose =
  /** The command palette: the value is a command id. */
  | { readonly type: 'palette' }
  | { readonly type: 'renameSession'; readonly sessionId: string }
  | { readonly type: 'tagSession'; readonly sessionId: string }
  | { readonly type: 'deleteSession'; readonly sessionId: string; readonly title: string }
  /** The path prompt; with `file` and `format`: the confirmation to replace that file. */
  | {
      readonly type: 'exportSession';
      readonly sessionId: string;
      readonly file?: string;
      readonly format?: 'md' | 'jsonl';
    }
  /** The models tab's text filter. */
  | { readonly type: 'filterModels' }
  /** The model picker (palette: "Switch the chat's model"): the value is a model key. */
  | { readonly type: 'pickModel' }
  /** The confirmation to unload the model this chat uses (panes/models.ts). */
  | { readonly type: 'unloadModel'; readonly key: string }
  /** Editing a chat message (panes/chat-branch.ts). */
  | { readonly type: 'editMessage'; readonly itemId: string }
  /** The logs tab's text filter (panes/logs.ts). */
  | { readonly type: 'logsFilter' }
  /** The composer's: chat settings, system prompt, templates, the slash-command list. */
  | SettingsPurpose
  | TemplatePurpose
  | AgentPurpose
  | { readonly type: 'slashHelp' }
  /** The attachment picker: media files under `root` (panes/attachments.ts). */
  | { readonly type: 'attachPick'; readonly root: string }
  /** Quitting by a letter key while the message box holds an unsent message. */
  | { readonly type: 'quit' }
  /** Test and demo purpose: nothing handles it beyond closing. */
  | { readonly type: 'none' };
