// Work the app asks the runtime to do, as data. Reducers return these; the
// runtime runs them through the ports and dispatches the results as actions.
import type {
  ChatMessage,
  SamplingSettings,
  ToolSpec,
  WebSearchOptions,
} from '../../domain/chat.js';
import type { JsonObject as AgentArgs } from '../../domain/agent/types.js';
import type { ToolMessage } from './agent.js';
import type { JsonObject } from '../../domain/session.js';
import type { CommandId } from './keymap.js';
import type { LaunchSpec } from '../../domain/model.js';
import type { AttachmentRef } from './attachments.js';

/** Attachments to send as content parts with message `index` of a sendChat's messages. */
export interface MessageMedia {
  readonly index: number;
  readonly refs: readonly AttachmentRef[];
}

/** The attachments' effects (runtime/attachment-effects.ts). */
export type MediaEffect =
  /** Reads a file's type, size and pixel size or duration; `pasted`: the text pasted, put back if it is not a media file. */
  | { readonly type: 'probeAttachment'; readonly path: string; readonly pasted?: string }
  /** An image from the system clipboard becomes a chip (through the platform's tool). */
  | { readonly type: 'pasteClipboardImage' }
  /** Lists image and audio files under the working folder for the picker. */
  | { readonly type: 'listMediaFiles'; readonly open: boolean }
  /** Saved attachments of a session's messages, reported as attachmentsLoaded. */
  | { readonly type: 'loadAttachments'; readonly sessionId: string }
  /** Opens the file in the system's viewer. */
  | { readonly type: 'openAttachment'; readonly ref: AttachmentRef }
  | { readonly type: 'playAudio'; readonly ref: AttachmentRef }
  | { readonly type: 'stopAudio' }
  /** Writes an attachment's bytes to `path` (`~` is the home folder). */
  | { readonly type: 'saveAttachmentAs'; readonly ref: AttachmentRef; readonly path: string }
  /** Image or speech generation; the results are saved as a reply's attachments. */
  | {
      readonly type: 'generateMedia';
      readonly requestId: string;
      readonly what: 'image' | 'speech';
      readonly prompt: string;
      /** The model that generates (a served diffusion or speech model). */
      readonly model: string;
      readonly sessionId: string | undefined;
      readonly title: string;
      readonly parentStoreId: string | undefined;
      readonly userItemId: string;
      readonly replyItemId: string;
      readonly width?: number;
      readonly height?: number;
      readonly count?: number;
    }
  | { readonly type: 'cancelGeneration'; readonly requestId: string };

export type Effect =
  | { readonly type: 'quit' }
  | { readonly type: 'suspend' }
  | { readonly type: 'checkHealth' }
  /** The first page of the session list (`limit` rows, default a page). */
  | {
      readonly type: 'loadSessions';
      readonly archived?: boolean | 'any';
      readonly limit?: number;
    }
  | {
      readonly type: 'loadMoreSessions';
      readonly offset: number;
      readonly archived?: boolean | 'any';
    }
  /** Full-text search; the runtime waits a moment and drops it if a newer one came. */
  | { readonly type: 'searchSessions'; readonly seq: number; readonly query: string }
  | { readonly type: 'renameSession'; readonly sessionId: string; readonly title: string }
  | { readonly type: 'tagSession'; readonly sessionId: string; readonly tags: readonly string[] }
  | { readonly type: 'archiveSession'; readonly sessionId: string; readonly archived: boolean }
  | { readonly type: 'deleteSessions'; readonly ids: readonly string[] }
  /** A copy of the session's thread up to its last message. */
  | { readonly type: 'forkSession'; readonly sessionId: string }
  /** Writes the session to `path` (`~` is the home folder); refuses an existing file unless `overwrite`. */
  | {
      readonly type: 'exportSession';
      readonly sessionId: string;
      readonly path: string;
      readonly format: 'md' | 'jsonl';
      readonly overwrite: boolean;
      /** The file name to use when `path` turns out to be a folder (`/export /tmp`). */
      readonly inFolder?: string;
    }
  | { readonly type: 'loadSettings' }
  /** Opens a session; with `messageId` (a search hit), on the version that holds it. */
  | { readonly type: 'openSession'; readonly sessionId: string; readonly messageId?: string }
  | {
      readonly type: 'sendChat';
      readonly requestId: string;
      /** Undefined: the store creates a session titled `title` first. */
      readonly sessionId: string | undefined;
      readonly title: string;
      readonly model: string;
      /** The conversation sent to the model, the new user message last. */
      readonly messages: readonly ChatMessage[];
      /** Store id of the message the user message follows. */
      readonly parentStoreId: string | undefined;
      readonly userItemId: string;
      readonly assistantItemId: string;
      /**
       * A retry: the user message is already saved with this id; the new reply
       * becomes a sibling of the old one (the old branch stays in the store).
       */
      readonly retryOfUser?: string;
      /** The chat's sampling (over the config's defaults). */
      readonly sampling?: SamplingSettings;
      /** Settings a session created for this message starts with. */
      readonly sessionSettings?: JsonObject;
      /** Images and audio sent as parts of these messages (the runtime reads and encodes them). */
      readonly media?: readonly MessageMedia[];
      /** Agent mode: the tools offered (SERVER__TOOL functions). */
      readonly tools?: readonly ToolSpec[];
      /** The chat's web-search switch is on. */
      readonly webSearch?: WebSearchOptions;
      /**
       * The model is asked again after a round of tool calls: no user message
       * is saved; the reply follows `parentStoreId` (the last tool message).
       */
      readonly continuation?: boolean;
    }
  | { readonly type: 'cancelChat'; readonly requestId: string }
  // --- agent mode (runtime/agent-effects.ts) ---
  /** Calls an MCP tool; the call's item hears progress and the outcome. */
  | {
      readonly type: 'runTool';
      readonly itemId: string;
      readonly server: string;
      readonly tool: string;
      readonly args: AgentArgs;
      /** Most characters of the result sent to the model (agent.result_limit). */
      readonly limit: number;
    }
  /** Esc: aborts these running calls (MCP cancellation is sent). */
  | { readonly type: 'cancelTools'; readonly itemIds: readonly string[] }
  /** Stores a round's tool messages, chained after the reply that made the calls. */
  | {
      readonly type: 'saveToolMessages';
      readonly sessionId: string | undefined;
      readonly parentStoreId: string | undefined;
      readonly replyItemId: string;
      readonly messages: readonly ToolMessage[];
    }
  /** The Tools tab's `r`: these MCP servers connect again now. */
  | { readonly type: 'reconnectMcp'; readonly servers: readonly string[] }
  /** "Always allow": writes `key = "allow"` in [agent.rules] of the config file. */
  | { readonly type: 'writeRule'; readonly key: string }
  // --- the chat pane's message actions (runtime/chat-effects.ts) ---
  /** Copies to the clipboard: the system's tool when there is one, and OSC 52. `what` names it in the toast. */
  | { readonly type: 'copy'; readonly text: string; readonly what: string }
  /**
   * An edited assistant or system message: a new sibling of stored message
   * `storeId` (same parent, role and model) holding `content`; the app's item
   * `itemId` gets its store id. The old message is not changed.
   */
  | {
      readonly type: 'newVersion';
      readonly storeId: string;
      readonly content: string;
      readonly itemId: string;
    }
  /**
   * Shows the branch through sibling `storeId`: its newest leaf's thread,
   * keeping `selected`; the session opens on it next time too.
   */
  | {
      readonly type: 'openBranch';
      readonly sessionId: string;
      readonly storeId: string;
      readonly selected: number;
    }
  /** A new session holding the thread up to `storeId`, opened. */
  | { readonly type: 'forkAt'; readonly storeId: string; readonly title: string }
  | { readonly type: 'saveSetting'; readonly key: string; readonly value: string }
  /** Merges the composer's keys into a session's stored settings. */
  | {
      readonly type: 'saveSessionSettings';
      readonly sessionId: string;
      readonly settings: JsonObject;
    }
  /** Reports the templates back; then `open` shows the manager, `insert` inserts one by name. */
  | { readonly type: 'loadTemplates'; readonly open?: boolean; readonly insert?: string }
  | {
      readonly type: 'saveTemplate';
      /** Undefined: a new template. */
      readonly id?: string;
      readonly name: string;
      readonly body: string;
      readonly description?: string;
    }
  | { readonly type: 'deleteTemplate'; readonly id: string; readonly name: string }
  /** Runs a command as if its key were pressed (slash commands use it). */
  | { readonly type: 'runCommand'; readonly id: CommandId }
  // --- the model browser (runtime/models-effects.ts) ---
  /** Scans the model folders (`refresh`: read every header again). */
  | { readonly type: 'scanModels'; readonly refresh: boolean }
  /** Looks for the mistralrs binary again (reported as launcherChecked). */
  | { readonly type: 'checkLauncher' }
  /** Asks the backend for its models, their status and the free memory. */
  | { readonly type: 'listServerModels' }
  | {
      readonly type: 'modelOp';
      readonly op: 'load' | 'unload' | 'reload';
      /** The browser's key for the model (work in flight is kept under it). */
      readonly key: string;
      /** The id the server knows it by. */
      readonly modelId: string;
    }
  /** Starts a mistral.rs server for a discovered model and switches the app to it. */
  | {
      readonly type: 'launchServer';
      readonly key: string;
      readonly name: string;
      readonly launch: LaunchSpec;
    }
  /** Loads a GGUF in-process (node-llama-cpp) and switches the app to it. */
  | { readonly type: 'runEmbedded'; readonly key: string; readonly path: string }
  /** The telemetry poller: start (the metrics tab is shown), stop (hidden), or poll once now. */
  | { readonly type: 'telemetry'; readonly run: 'start' | 'stop' | 'poll' }
  /** Asks the backend what it can do (once it answers). */
  | { readonly type: 'loadCapabilities' }
  /** Feeds the app's log records to the logs tab (once, at start). */
  | { readonly type: 'watchLogs' }
  | MediaEffect;
