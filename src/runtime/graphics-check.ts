// What `doctor` says about the terminal's graphics: the same detection the app
// runs at start (the probe when stdin and stdout are a terminal, else the
// environment alone), as one line and an optional hint.
import { type GraphicsSetting, describeCapabilities, detectGraphics } from '../tui/index.js';

export async function describeTerminalGraphics(
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
  setting: GraphicsSetting,
): Promise<{ detail: string; hint?: string }> {
  const wasRaw = stdin.isTTY && stdin.isRaw;
  const { caps } = await detectGraphics(stdin, stdout, env, setting);
  if (stdin.isTTY && !wasRaw) stdin.setRawMode(false);
  const detail = describeCapabilities(caps).replace(/^images: /, '');
  return caps.hint !== undefined ? { detail, hint: caps.hint } : { detail };
}
