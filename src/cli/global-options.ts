// The options every command takes (before or after the subcommand). Its own
// module so that program.ts and the subcommands' parsers both import it.
export interface GlobalOptions {
  readonly config?: string;
  readonly database?: string;
  readonly url?: string;
  readonly backend?: string;
  readonly model?: string;
  readonly logLevel?: string;
  readonly logFile?: string;
  readonly mouse: boolean;
  /** --agent: agent mode (MCP tools) on for this run. */
  readonly agent?: boolean;
  readonly configDir?: string;
  readonly dataDir?: string;
  readonly stateDir?: string;
  readonly cacheDir?: string;
}
