// The empty chat's welcome: with a backend, how to start; without one (first
// run), each way to get going with the exact command — connect to a server,
// launch mistral.rs for a model found on disk (named; without the mistralrs
// binary, how to install it; without a model, the folders looked in), run a
// GGUF in-process.
// Commands sit on their own indented lines so a narrow chat (about 54 columns
// at 80x24 with the sidebar) never wraps one mid-phrase.
import { MISTRALRS_INSTALL } from '../../domain/model.js';
import { type Line, type Theme, line, span, styledLine } from '../../tui/index.js';
import { keyLabel } from '../types/keymap.js';
import { chatModelName } from '../panes/chat-model.js';
import type { State } from '../types/state.js';

/** Discovered models named in the welcome. */
const NAMED = 3;

/** The first key bound to a command, as people read it ("Alt+2"); '' when unbound. */
function keyOf(s: State, id: 'sidebar.models' | 'models.launch' | 'models.embedded'): string {
  const k = s.keymap[id][0];
  return k === undefined ? '' : keyLabel(k);
}

/**
 * The welcome as lines for a chat `width` columns wide. Commands get a line of
 * their own; one that would not fit is shown in a shorter form rather than
 * wrapped mid-command.
 */
export function welcomeLines(s: State, theme: Theme, width = 80): Line[] {
  const b = s.backend;
  const dim = theme['text.dim'];
  const code = theme['text.code'];
  const cmd = (t: string, short?: string) =>
    line(span(`  ${short !== undefined && t.length + 2 > width ? short : t}`, code));
  const out: Line[] = [line(span('mistralrs-tui', theme['title.focused'])), styledLine([])];
  const tab = keyOf(s, 'sidebar.models');
  if (b.connection !== 'down') {
    out.push(line(span('Type a message below and press Enter to send it.', theme.text)));
    if (b.connection === 'ok')
      out.push(
        line(
          span(`Chatting with ${chatModelName(s)}`, dim),
          span(tab !== '' ? ` · ${tab} lists the models to switch to.` : '.', dim),
        ),
      );
    return out;
  }
  const launchKey = keyOf(s, 'models.launch');
  const embedKey = keyOf(s, 'models.embedded');
  // A blank row before each way when the screen has the rows (80x24 has not).
  const gap = s.height >= 30 ? [styledLine([])] : [];
  const head = (t: string) => line(span(t, theme['text.strong']));
  const note = (t: string) => line(span(`   ${t}`, dim));
  out.push(
    line(span(`No server answers at ${b.url ?? b.name}.`, theme['status.error'])),
    styledLine([]),
    head('1. Connect to a running server:'),
    cmd('mistralrs-tui --url http://HOST:PORT'),
    ...gap,
    head('2. Launch mistral.rs for a model on disk:'),
  );
  const bin = s.models.binary;
  const canLaunch = bin?.found !== false;
  const models = s.models.inventory;
  if (!s.models.loaded) {
    out.push(note('(scanning the model folders…)'));
  } else if (models.length === 0) {
    out.push(...noModelLines(s, theme, note));
  } else {
    for (const m of models.slice(0, NAMED)) out.push(line(span(`   • ${m.id}`, theme.text)));
    if (models.length > NAMED) out.push(note(`and ${models.length - NAMED} more`));
    if (canLaunch) {
      if (tab !== '' && launchKey !== '')
        out.push(note(`${tab}, select one, ${launchKey} launches it; or:`));
      out.push(
        cmd(`mistralrs-tui serve ${models[0]?.id ?? 'ID'}`, 'mistralrs-tui serve <id above>'),
      );
    }
  }
  // Without the binary a launch key would only fail: say how to get it instead.
  if (bin?.found === false) out.push(...gap, ...installLines(bin.configured, cmd, note, theme));
  out.push(...gap, head('3. Run a GGUF in-process (no server):'));
  // With no model on disk there is nothing to select yet: only the set-up remains.
  if (models.length > 0)
    out.push(
      note(
        tab !== '' && embedKey !== ''
          ? `${tab}, select it, ${embedKey} runs it; needs, once:`
          : 'from the models tab; needs, once:',
      ),
    );
  out.push(cmd('scripts/install-embedded.sh'));
  return out;
}

/** How to get the mistralrs binary: install it, or fix launcher.binary. */
function installLines(
  configured: string | undefined,
  cmd: (t: string) => Line,
  note: (t: string) => Line,
  theme: Theme,
): Line[] {
  if (configured !== undefined)
    return [
      line(span('   launcher.binary ', theme['text.dim']), span(configured, theme.text)),
      note('is not executable: fix it, or install with:'),
      cmd(MISTRALRS_INSTALL),
    ];
  return [
    note('mistralrs is not on PATH; install it with:'),
    cmd(MISTRALRS_INSTALL),
    note('or set launcher.binary to its path.'),
  ];
}

/** No model on disk: every folder looked in (absolute, as scanned) and how to add one. */
function noModelLines(s: State, theme: Theme, note: (t: string) => Line): Line[] {
  const folders = s.models.folders;
  if (folders.length === 0)
    return [note(s.models.inventoryProblem ?? 'none found: no model folder is scanned')];
  return [
    note('none found yet; looked in:'),
    ...folders.map((f) =>
      line(
        span(`   ${f.path}`, theme.text),
        ...(f.exists ? [] : [span(' (missing)', theme['text.dim'])]),
      ),
    ),
    note('Put a GGUF in one, or name a folder in'),
    note('[inventory] directories in the config.'),
  ];
}
