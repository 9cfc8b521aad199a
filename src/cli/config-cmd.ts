// `mistralrs-tui config init | show | path | check`.
import fs from 'node:fs';
import path from 'node:path';
import { exampleConfig } from '../config/example.js';
import type { Effective } from '../config/effective.js';
import type { AppPaths } from '../config/paths.js';
import { configToToml, redactConfig, redactUrl } from '../config/show.js';
import type { ConfigSource } from '../config/load.js';
import { jsonText } from './inert.js';
import { green, shown, type Out } from './output.js';

/** Writes the example config; refuses to overwrite without --force. Returns the exit code. */
export function configInit(out: Out, err: Out, target: string, force: boolean): number {
  if (fs.existsSync(target) && !force) {
    err.write(
      `mistralrs-tui: ${shown(err, target)} already exists; nothing was written.\nUse --force to overwrite it, or --stdout to print the example.\n`,
    );
    return 1;
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Write beside the target, then rename: an interrupted write never leaves half a file.
    const tmp = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, exampleConfig(), { mode: 0o600 });
    fs.renameSync(tmp, target);
  } catch (e) {
    err.write(`mistralrs-tui: ${shown(err, `cannot write ${target}: ${(e as Error).message}`)}\n`);
    return 1;
  }
  out.write(
    `${green(out, 'wrote')} ${shown(out, target)}\nEdit it, then check it with: mistralrs-tui --dry-run\n`,
  );
  return 0;
}

export function configShow(out: Out, effective: Effective, json: boolean): number {
  // The config's strings (a system prompt, a path) are the file's text.
  out.write(
    json
      ? `${jsonText(redactConfig(effective.config), 2)}\n`
      : shown(out, configToToml(effective.config)),
  );
  return 0;
}

export interface PathReport {
  readonly config: string;
  readonly configExists: boolean;
  readonly database: string;
  readonly log: string;
  readonly dirs: AppPaths;
}

export function pathReport(
  source: ConfigSource,
  effective: Effective | undefined,
  dirs: AppPaths,
): PathReport {
  const config = source.kind === 'file' ? source.path : source.lookedAt;
  const database =
    effective === undefined
      ? '(config has errors)'
      : effective.database.kind === 'sqlite'
        ? effective.database.path
        : redactUrl(effective.database.url);
  return {
    config,
    configExists: source.kind === 'file',
    database,
    log: effective?.logFile ?? '(config has errors)',
    dirs,
  };
}

export function configPath(out: Out, report: PathReport, json: boolean): number {
  if (json) {
    out.write(`${jsonText(report, 2)}\n`);
    return 0;
  }
  const rows: [string, string][] = [
    [
      'config file',
      `${report.config}${report.configExists ? '' : ' (not created; defaults apply)'}`,
    ],
    ['database', report.database],
    ['log file', report.log],
    ['config dir', report.dirs.configDir],
    ['data dir', report.dirs.dataDir],
    ['state dir', report.dirs.stateDir],
    ['cache dir', report.dirs.cacheDir],
  ];
  for (const [label, value] of rows) out.write(`${label.padEnd(12)} ${shown(out, value)}\n`);
  return 0;
}
