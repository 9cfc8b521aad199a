// The config of agent mode (issue 17): `[agent]` (the switch, the loop's step
// limit, the result size sent to the model, approval rules) and
// `[mcp.servers.NAME]` (the MCP servers whose tools the model may call).
import { ruleKeyProblem } from '../domain/agent/rules.js';
import { TOOL_RULES } from '../domain/agent/types.js';
import { f } from './schema-kit.js';

function checkServerUrl(value: string): string | undefined {
  if (value.includes('${')) return undefined; // checked after ${VAR} is replaced
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; write it like "http://127.0.0.1:3001/mcp".`;
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? undefined
    : `"${value}" must start with http:// or https://.`;
}

const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

export function serverNameProblem(name: string): string | undefined {
  return SERVER_NAME.test(name)
    ? undefined
    : 'a server name may use letters, digits, "-" and "_" only (it becomes part of tool names).';
}

const server = f.table(
  'An MCP server: a program started with stdio (command) or a URL (Streamable HTTP, or the older HTTP+SSE). "${VAR}" in any value reads the environment variable VAR ("${VAR:-fallback}" when it may be unset).',
  {
    command: f.optionalString('Program to start; the server talks over its stdin and stdout.', {
      example: 'npx',
    }),
    args: f.stringList('Arguments for the command.', [], {
      example: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/notes'],
    }),
    env: f.map(
      'Environment variables for the command, on top of a safe default set (HOME, PATH, USER, SHELL, TERM, LOGNAME).',
      f.string('Value of the variable.', '', undefined, true),
      { default: {}, example: {} },
    ),
    cwd: f.optionalString('Working directory of the command. Default: the current directory.', {
      example: '/home/me/notes',
    }),
    url: f.optionalString(
      'URL of a server that runs on its own: Streamable HTTP, falling back to HTTP+SSE for older servers.',
      { example: 'http://127.0.0.1:3001/mcp', check: checkServerUrl },
    ),
    headers: f.map(
      'HTTP headers sent with every request to url (e.g. Authorization).',
      f.string('Value of the header.', '', undefined, true),
      { default: {}, example: {} },
    ),
    transport: f.enum(
      '"auto": stdio with command, Streamable HTTP (then HTTP+SSE) with url. "http" or "sse" pins the protocol of a url server.',
      ['auto', 'stdio', 'http', 'sse'] as const,
      'auto',
    ),
    enabled: f.bool('Set to false to keep the entry without starting the server.', true),
    timeout_ms: f.int(
      'A tool call that has sent no result and no progress for this long is cancelled.',
      60_000,
      1000,
      3_600_000,
    ),
  },
  (s) => {
    const hasCommand = s.command !== undefined;
    const hasUrl = s.url !== undefined;
    if (hasCommand === hasUrl)
      return [
        [
          hasCommand ? 'url' : 'command',
          hasCommand
            ? 'a server has either a command (stdio) or a url, not both.'
            : 'a server needs a command (stdio) or a url.',
        ],
      ];
    if (hasCommand && (s.transport === 'http' || s.transport === 'sse'))
      return [['transport', `transport "${s.transport}" needs a url, not a command.`]];
    if (hasUrl && s.transport === 'stdio')
      return [['transport', 'transport "stdio" needs a command, not a url.']];
    return [];
  },
);

export const agentSchema = f.table(
  'Agent mode: the model may call tools of MCP servers, each call allowed by a rule or by you. Off by default; --agent turns it on for one run.',
  {
    enabled: f.bool(
      'Turn agent mode on. Off, no MCP server is started and no tools are offered.',
      false,
    ),
    max_steps: f.int(
      'Most tool rounds in one reply before you are asked whether to go on.',
      10,
      1,
      1000,
    ),
    result_limit: f.int(
      'Most characters of one tool result sent to the model; a longer result is cut, with a note saying so.',
      20_000,
      256,
      10_000_000,
    ),
    rules: f.map(
      'Approval rules: "SERVER__TOOL" = "allow", "ask" or "deny"; * matches any characters. A matching deny always wins, then a rule naming the tool exactly, then ask before allow. Without a match a call asks.',
      f.enum('What happens to a matching call.', TOOL_RULES, 'ask'),
      {
        default: {},
        example: {
          'filesystem__read_*': 'allow',
          'filesystem__list_*': 'allow',
          filesystem__write_file: 'deny',
        },
        keyCheck: ruleKeyProblem,
      },
    ),
  },
);

export const mcpSchema = f.table('MCP servers whose tools agent mode offers to the model.', {
  servers: f.map('MCP servers by name; the name starts the tool names (NAME__TOOL).', server, {
    default: {},
    example: {
      filesystem: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/notes'],
      },
      remote: {
        url: 'http://127.0.0.1:3001/mcp',
        headers: { Authorization: 'Bearer ${MCP_TOKEN}' },
      },
    },
    keyCheck: serverNameProblem,
  }),
});
