// docs/formats/model-inventory.{md,schema.json} agree with the parser.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_FORMATS, MODEL_KINDS } from '../../src/domain/model.js';
import { parseInventory } from '../../src/services/inventory/inventory-file.js';

const docs = path.resolve(new URL('../../docs/formats', import.meta.url).pathname);
const schema = JSON.parse(
  fs.readFileSync(path.join(docs, 'model-inventory.schema.json'), 'utf8'),
) as {
  properties: { version: { const: number } };
  $defs: { entry: { required: string[]; properties: Record<string, { enum?: string[] }> } };
};

describe('MODEL_INVENTORY.json documentation', () => {
  it('has an example the parser accepts without warnings', () => {
    const md = fs.readFileSync(path.join(docs, 'model-inventory.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(md)?.[1];
    expect(block).toBeDefined();
    const r = parseInventory(JSON.parse(block!), '/x/MODEL_INVENTORY.json');
    expect(r.warnings).toEqual([]);
    expect(r.entries.map((e) => e.id)).toEqual(['smollm2', 'flux-schnell']);
    expect(r.entries[0]?.path).toBe('/x/models/SmolLM2-135M-Instruct.Q4_1.gguf');
  });

  it('has a schema whose keys and enums are the ones the parser knows', () => {
    const entry = schema.$defs.entry;
    expect(schema.properties.version.const).toBe(1);
    expect(entry.required).toEqual(['id', 'path']);
    expect(entry.properties.kind?.enum).toEqual([...MODEL_KINDS]);
    expect(entry.properties.format?.enum).toEqual([...MODEL_FORMATS]);
    const full = Object.fromEntries(
      Object.keys(entry.properties).map((k) => [
        k,
        k === 'launch' ? { args: [] } : k === 'kind' ? 'text' : k === 'format' ? 'gguf' : 'x',
      ]),
    );
    const r = parseInventory({ version: 1, models: [full] }, '/x/MODEL_INVENTORY.json');
    expect(r.warnings).toEqual([]);
    expect(parseInventory({ version: 1, models: [{ ...full, extra: 1 }] }, '/f').warnings).toEqual([
      { path: '/f', message: 'models[0] (x): unknown key "extra" ignored' },
    ]);
  });
});
