// The interfaces services implement and the runtime and app depend on.
// Later issues add ChatBackend, SessionStore and Inventory here.
export type { Logger, LogFields, Level } from './log.js';
export type {
  SessionStore,
  StoreInfo,
  StoreErrorCode,
  Page,
  SessionQuery,
  NewSession,
  NewMessage,
  StreamProgress,
  Finalize,
  MessageEdit,
  MessageQuery,
  NewAttachment,
  ModelUpsert,
  NewTemplate,
} from './store.js';
export { StoreError } from './store.js';
export type { Inventory, ScanOptions } from './inventory.js';
export type {
  ChatBackend,
  BackendKind,
  BackendCapabilities,
  BackendModel,
  ModelStatus,
  ModelStatusReport,
  HealthReport,
  SystemInfo,
  DeviceInfo,
  ServerMetrics,
  GeneratedImage,
  GeneratedSpeech,
} from './backend.js';
export { BackendError } from './backend.js';
export type {
  ChatEvent,
  ChatRequest,
  ChatMessage,
  ChatRole,
  ChatUsage,
  ContentPart,
  ToolCall,
  ToolSpec,
  SamplingSettings,
  WebSearchOptions,
  FinishReason,
  BackendErrorCode,
  BackendErrorInfo,
} from './chat.js';
