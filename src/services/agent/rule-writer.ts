// "Always allow" from the approval dialog: the rule goes into the config
// file's [agent.rules], written atomically with the rest of the file unchanged.
import { editConfigFile } from '../../config/edit-file.js';
import { setRuleInText } from '../../config/toml-edit.js';
import type { RuleWriter, ToolRule } from '../../domain/agent/types.js';

export function configRuleWriter(file: string): RuleWriter {
  return {
    setRule: (key: string, rule: ToolRule) =>
      new Promise<string>((resolve, reject) => {
        try {
          editConfigFile(file, (text) => setRuleInText(text, key, rule));
          resolve(file);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }),
  };
}
