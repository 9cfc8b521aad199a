// MODEL_INVENTORY.json: a hand-written list of models whose entries override
// what scanning infers (docs/formats/model-inventory.md, with a JSON Schema in
// docs/formats/model-inventory.schema.json). Parsing never throws: a bad entry
// becomes a warning and is skipped, the rest still count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MODEL_FORMATS,
  MODEL_KINDS,
  type InventoryWarning,
  type ModelDescription,
  type ModelFormat,
  type ModelKind,
} from '../../domain/model.js';
import { isRecord, readJsonFile } from './bounded-read.js';

export const INVENTORY_FILE_NAME = 'MODEL_INVENTORY.json';
export const INVENTORY_VERSION = 1;
const MAX_BYTES = 4 * 1024 * 1024;

export interface InventoryEntry {
  readonly id: string;
  /** Absolute: relative paths are resolved against the file's folder, "~" against home. */
  readonly path: string;
  readonly name?: string;
  readonly format?: ModelFormat;
  readonly kind?: ModelKind;
  readonly quantization?: string;
  readonly launchArgs?: readonly string[];
  readonly notes?: string;
}

export interface InventoryFileResult {
  readonly file: string;
  readonly entries: readonly InventoryEntry[];
  readonly warnings: readonly InventoryWarning[];
}

const ENTRY_KEYS = new Set([
  'id',
  'path',
  'name',
  'format',
  'kind',
  'quantization',
  'launch',
  'notes',
]);

function resolveEntryPath(p: string, base: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(base, p);
}

export function parseInventory(value: unknown, file: string): InventoryFileResult {
  const warnings: InventoryWarning[] = [];
  const w = (message: string) => warnings.push({ path: file, message });
  if (!isRecord(value)) {
    w('the file must hold a JSON object with "version" and "models"');
    return { file, entries: [], warnings };
  }
  if (value.version !== INVENTORY_VERSION) {
    w(
      `"version" must be ${INVENTORY_VERSION}; found ${value.version === undefined ? 'nothing' : JSON.stringify(value.version)}`,
    );
    if (typeof value.version === 'number' && value.version > INVENTORY_VERSION) {
      return { file, entries: [], warnings };
    }
  }
  if (!Array.isArray(value.models)) {
    w('"models" must be an array');
    return { file, entries: [], warnings };
  }
  const base = path.dirname(file);
  const entries: InventoryEntry[] = [];
  const ids = new Set<string>();
  value.models.forEach((raw: unknown, i) => {
    const at = `models[${i}]`;
    if (!isRecord(raw)) return w(`${at} is not an object; skipped`);
    const { id, path: p, name, format, kind, quantization, launch, notes } = raw;
    if (typeof id !== 'string' || id.trim() === '')
      return w(`${at}: "id" must be a non-empty string; skipped`);
    if (typeof p !== 'string' || p.trim() === '')
      return w(`${at} (${id}): "path" must be a non-empty string; skipped`);
    if (ids.has(id)) return w(`${at}: id "${id}" appears twice; skipped`);
    for (const k of Object.keys(raw))
      if (!ENTRY_KEYS.has(k)) w(`${at} (${id}): unknown key "${k}" ignored`);
    const e: { -readonly [K in keyof InventoryEntry]: InventoryEntry[K] } = {
      id,
      path: resolveEntryPath(p, base),
    };
    if (typeof name === 'string') e.name = name;
    if (format !== undefined) {
      if (MODEL_FORMATS.includes(format as ModelFormat)) e.format = format as ModelFormat;
      else w(`${at} (${id}): "format" must be one of ${MODEL_FORMATS.join(', ')}; ignored`);
    }
    if (kind !== undefined) {
      if (MODEL_KINDS.includes(kind as ModelKind)) e.kind = kind as ModelKind;
      else w(`${at} (${id}): "kind" must be one of ${MODEL_KINDS.join(', ')}; ignored`);
    }
    if (typeof quantization === 'string') e.quantization = quantization;
    if (typeof notes === 'string') e.notes = notes;
    if (launch !== undefined) {
      const args = isRecord(launch) ? launch.args : undefined;
      if (Array.isArray(args) && args.every((a) => typeof a === 'string')) e.launchArgs = args;
      else w(`${at} (${id}): "launch" must be {"args": [strings]}; ignored`);
    }
    ids.add(id);
    entries.push(e);
  });
  return { file, entries, warnings };
}

/** Reads the file; a missing file is no entries and no warning. */
export async function readInventoryFile(file: string): Promise<InventoryFileResult> {
  try {
    const { value } = await readJsonFile(file, MAX_BYTES);
    return parseInventory(value, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { file, entries: [], warnings: [] };
    return { file, entries: [], warnings: [{ path: file, message: (err as Error).message }] };
  }
}

/** The inventory file to use: the configured one, else ./MODEL_INVENTORY.json, else the config dir's. */
export function locateInventoryFile(
  configured: string | undefined,
  cwd: string,
  configDir: string,
): string | undefined {
  if (configured !== undefined) return configured;
  for (const dir of [cwd, configDir]) {
    const f = path.join(dir, INVENTORY_FILE_NAME);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

/** A MODEL_INVENTORY.json value for the models of a scan; paths relative to `dir` when inside it. */
export function exportInventory(models: readonly ModelDescription[], dir: string): unknown {
  return {
    version: INVENTORY_VERSION,
    models: models.map((m) => {
      const rel = path.relative(dir, m.path);
      const p = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : m.path;
      const out: Record<string, unknown> = {
        id: m.id,
        path: p,
        format: m.format,
        kind: m.kind,
      };
      if (m.quantization !== null) out.quantization = m.quantization;
      if (m.notes !== null) out.notes = m.notes;
      return out;
    }),
  };
}
