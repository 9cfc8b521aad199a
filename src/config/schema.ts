// The configuration schema: every key, its type, default and documentation.
import { f, type Infer } from './schema-kit.js';
import { checkKeySpec } from './keyspec.js';
import { agentSchema, mcpSchema } from './agent-schema.js';

export const BACKEND_KINDS = ['mistralrs', 'openai', 'embedded'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

function checkHttpUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; write it like "http://127.0.0.1:1234".`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `"${value}" must start with http:// or https://.`;
  }
  return undefined;
}

function checkDatabase(value: string): string | undefined {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      return `"${value.replace(/:[^:@/]*@/, ':***@')}" is not a valid PostgreSQL URL; write it like "postgres://user:password@host:5432/dbname".`;
    }
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return 'only SQLite file paths and postgres:// URLs are supported.';
  }
  return value.trim() === '' ? 'the path is empty.' : undefined;
}

const backend = f.table(
  'A backend profile: a server (or the embedded engine) that serves models.',
  {
    kind: f.enum(
      '"mistralrs": a mistral.rs server (full model management and metrics). "openai": any other OpenAI-compatible server. "embedded": llama.cpp in-process for GGUF files.',
      BACKEND_KINDS,
      'mistralrs',
    ),
    url: f.optionalString('Base URL of the server (not used by "embedded").', {
      example: 'http://127.0.0.1:1234',
      check: checkHttpUrl,
    }),
    api_key: f.optionalString('API key sent as a bearer token. Prefer api_key_env.', {
      secret: true,
    }),
    api_key_env: f.optionalString('Name of an environment variable that holds the API key.', {
      example: 'MISTRALRS_API_KEY',
      check: (v) =>
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)
          ? undefined
          : `"${v}" is not a valid environment variable name.`,
    }),
    model: f.optionalString(
      'Model to use by default. For mistral.rs, "default" is the model the server started with.',
      { example: 'default' },
    ),
    connect_timeout_ms: f.int('Give up connecting after this long.', 5000, 100, 600_000),
    first_byte_timeout_ms: f.int(
      'Give up when a reply has not started after this long (a model may be loading).',
      300_000,
      1000,
      3_600_000,
    ),
    idle_timeout_ms: f.int(
      'End a streaming reply with an error when no data arrives for this long.',
      120_000,
      1000,
      3_600_000,
    ),
    request_timeout_ms: f.int(
      'Timeout for short requests (health, model list, status).',
      10_000,
      100,
      600_000,
    ),
    threads: f.int(
      '"embedded" only: CPU threads for llama.cpp; 0 uses every core but one, which keeps the UI responsive (the library default is much slower).',
      0,
      0,
      1024,
    ),
    context_size: f.int(
      '"embedded" only: context length in tokens; 0 uses the model\'s own, capped at 8192.',
      0,
      0,
      10_000_000,
    ),
  },
  (b) =>
    b.kind !== 'embedded' && b.url === undefined
      ? [['url', `a "${String(b.kind)}" backend needs a url, like "http://127.0.0.1:1234".`]]
      : [],
);

export const configSchema = f.table('mistralrs-tui configuration', {
  default_backend: f.optionalString(
    'The backend profile used at start-up (a name under [backends]). Defaults to "local", or the first profile.',
    { example: 'local' },
  ),
  backends: f.map('Named backend profiles; select one with --backend NAME.', backend, {
    default: { local: { kind: 'mistralrs', url: 'http://127.0.0.1:1234', model: 'default' } },
    example: { local: { kind: 'mistralrs', url: 'http://127.0.0.1:1234', model: 'default' } },
    keyCheck: (k) =>
      /^[A-Za-z0-9_-]+$/.test(k)
        ? undefined
        : 'a profile name may use letters, digits, "-" and "_" only.',
  }),
  launcher: f.table(
    'Starting mistral.rs servers for discovered models.',
    {
      binary: f.optionalString(
        'Path to the mistralrs binary. Default: "mistralrs" found on PATH.',
        {
          example: '/usr/local/bin/mistralrs',
        },
      ),
      extra_args: f.stringList('Extra arguments appended to every `mistralrs serve` command.', [], {
        example: ['--max-seqs', '4'],
      }),
      host: f.string(
        'Address the launched server listens on. Keep 127.0.0.1 unless other machines must reach it.',
        '127.0.0.1',
      ),
      port_min: f.int('Lowest port tried for a launched server.', 41234, 1024, 65535),
      port_max: f.int('Highest port tried for a launched server.', 41333, 1024, 65535),
      token_source: f.string(
        'Where mistral.rs looks for a Hugging Face token: "cache", "none", "env:VAR", "path:FILE" or "literal:TOKEN".',
        'cache',
      ),
      cpu: f.bool('Run launched servers on the CPU only.', false),
      ui: f.bool(
        "Serve mistral.rs's own web UI at /ui on launched servers. Off: the launcher passes --no-ui where the server has it (0.9.2 serves the UI by default).",
        false,
      ),
      max_seq_len: f.int(
        'Context length passed as --max-seq-len; 0 keeps the model default.',
        0,
        0,
        10_000_000,
      ),
      startup_timeout_s: f.int(
        'How long to wait for a launched server to answer /health.',
        600,
        5,
        86_400,
      ),
      stop_grace_ms: f.int('After SIGTERM, wait this long before SIGKILL.', 5000, 0, 120_000),
    },
    (l) =>
      Number(l.port_min) > Number(l.port_max)
        ? [
            [
              'port_max',
              `launcher.port_max (${String(l.port_max)}) must not be below launcher.port_min (${String(l.port_min)}).`,
            ],
          ]
        : [],
  ),
  chat: f.table('Chat defaults.', {
    max_tokens: f.int(
      'Most tokens one reply may have, sent as max_tokens (without it a reply can run to the end of the context).',
      1024,
      1,
      10_000_000,
    ),
    preset: f.enum(
      'Sampling preset new chats start with: default (the server decides), precise (temperature 0.2, top-p 0.9), balanced (0.7, 0.95) or creative (1.1, 0.98). /preset and the chat settings change it per chat.',
      ['default', 'precise', 'balanced', 'creative'] as const,
      'default',
    ),
    system_prompt: f.optionalString(
      'System prompt new chats start with (sent first with every message). /system changes it per chat.',
      { example: 'You are a concise assistant.' },
    ),
  }),
  inventory: f.table('Model discovery.', {
    directories: f.stringList('Extra directories scanned for models.', [], {
      example: ['~/models'],
    }),
    include_hf_cache: f.bool(
      'Scan the Hugging Face cache (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub).',
      true,
    ),
    include_dot_models: f.bool(
      'Scan ./.models (in the current directory) and ~/.models, when they exist.',
      true,
    ),
    inventory_file: f.optionalString(
      'Path to a MODEL_INVENTORY.json. Default: ./MODEL_INVENTORY.json, then one in the config directory.',
      { example: '~/models/MODEL_INVENTORY.json' },
    ),
    watch: f.bool('Watch the scanned folders and update the model list while the TUI runs.', true),
    estimate_context: f.int(
      'Context length (tokens) used when estimating the memory a model needs.',
      4096,
      256,
      10_000_000,
    ),
  }),
  database: f.table('Where sessions are stored.', {
    url: f.optionalString(
      'A SQLite file path, or a postgres:// URL for a shared PostgreSQL database. Default: sessions.db in the data directory.',
      {
        example: 'postgres://user:password@127.0.0.1:5432/mistralrs_tui',
        check: checkDatabase,
        secret: true,
      },
    ),
    busy_timeout_ms: f.int(
      'How long a write waits for another process holding the database.',
      5000,
      0,
      600_000,
    ),
  }),
  attachments: f.table('Images and audio attached to chats (docs/attachments.md).', {
    max_image_side: f.int(
      'Pictures larger than this many pixels on their longest side are scaled down before they are sent (the original is kept).',
      1568,
      64,
      16_384,
    ),
    max_db_mb: f.int(
      'Largest attachment kept in a PostgreSQL database, in MB (SQLite keeps files beside the database, without a cap).',
      32,
      1,
      1024,
    ),
    audio_player: f.optionalString(
      'The program that plays audio (a name on PATH or a path). Default: the first of pw-play, paplay, aplay, afplay, ffplay found on PATH.',
      { example: 'ffplay' },
    ),
  }),
  ui: f.table('Look and feel.', {
    theme: f.enum('Colour theme.', ['dark', 'light', 'high-contrast'] as const, 'dark'),
    layout: f.enum(
      'Start-up layout: chat only, chat with a sidebar, or chat with sidebar and inspector.',
      ['single', 'dual', 'inspector'] as const,
      'dual',
    ),
    mouse: f.bool('Capture the mouse (Shift-drag still selects text in most terminals).', true),
    max_fps: f.int('Most frames drawn per second.', 60, 1, 240),
    sidebar_width: f.int('Sidebar width in columns.', 36, 20, 120),
    scroll_lines: f.int('Lines scrolled per mouse-wheel step.', 3, 1, 50),
    images: f.enum(
      'How pictures are drawn: auto (probe the terminal at start), kitty, iterm2, sixel, blocks (half-block cells) or off (a one-line label).',
      ['auto', 'kitty', 'iterm2', 'sixel', 'blocks', 'off'] as const,
      'auto',
    ),
  }),
  keybindings: f.map(
    'Key binding overrides: command id = key or [keys], e.g. "palette.open" = "ctrl+k".',
    f.stringOrList('Keys bound to the command.', checkKeySpec),
    {
      default: {},
      example: { 'palette.open': 'ctrl+k', 'chat.newline': ['shift+enter', 'ctrl+j'] },
      keyCheck: (k) =>
        /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/.test(k)
          ? undefined
          : 'a command id looks like "chat.send" or "palette.open".',
    },
  ),
  telemetry: f.table('Live metrics.', {
    server_metrics: f.bool("Poll the server's /metrics route when it has one.", true),
    system_info: f.bool("Read the server's /v1/system/info (devices, memory).", true),
    gpu: f.bool('Read GPU use and VRAM from nvidia-smi when it is installed.', true),
    poll_interval_ms: f.int(
      'How often metrics are polled while the metrics pane is visible.',
      2000,
      250,
      60_000,
    ),
  }),
  agent: agentSchema,
  mcp: mcpSchema,
  logging: f.table('Log file.', {
    level: f.enum(
      'Least severe level written.',
      ['error', 'warn', 'info', 'debug', 'trace'] as const,
      'info',
    ),
    file: f.optionalString('Log file path. Default: mistralrs-tui.log in the state directory.', {
      example: '/tmp/mistralrs-tui.log',
    }),
    max_size_mb: f.int('Rotate the log when it grows past this size.', 10, 1, 1024),
    max_files: f.int('Rotated logs kept (mistralrs-tui.log.1, .2, ...).', 3, 1, 20),
  }),
});

export type Config = Infer<typeof configSchema>;
export type BackendProfile = Config['backends'][string];
export type LogLevel = Config['logging']['level'];
export type McpServerConfig = Config['mcp']['servers'][string];
