// Prompt templates: the manager (command 'templates.open', /template) lists
// the store's templates; one is inserted into the composer, edited or deleted
// (after a confirmation). Inserting a template with {{variables}} asks for
// their values first, one form field per variable.
import { renderTemplate, templateVariables } from '../../domain/session.js';
import {
  type Dialog,
  type DialogValue,
  type PickItem,
  confirmDialog,
  formDialog,
  pickDialog,
  promptDialog,
  withError,
} from './dialog.js';
import { notify } from './notify.js';
import { type Result, none } from '../types/result.js';
import type { TemplatePurpose } from '../types/purposes.js';
import type { State, TemplateItem } from '../types/state.js';

const NEW = 'new:';
const show = (s: State, dialog: Dialog): State => ({ ...s, overlay: { kind: 'dialog', dialog } });

/** Opens the manager once the templates are (re)loaded from the store. */
export function openTemplates(s: State): Result {
  if (!s.hasStore)
    return none(notify(s, 'warn', 'Templates live in the session store, and this run has none'));
  return [s, [{ type: 'loadTemplates', open: true }]];
}

export function findTemplate(s: State, nameOrId: string): TemplateItem | undefined {
  const all = s.composer.templates ?? [];
  const key = nameOrId.trim().toLowerCase();
  return all.find((t) => t.id === nameOrId) ?? all.find((t) => t.name.toLowerCase() === key);
}

/** The templates arrived; `open` shows the manager, `insert` inserts one by name. */
export function onTemplatesLoaded(
  s: State,
  templates: readonly TemplateItem[],
  then: { open?: boolean; insert?: string },
): Result {
  const next: State = { ...s, composer: { ...s.composer, templates } };
  if (then.insert !== undefined) return insertTemplate(next, then.insert, false);
  if (then.open === true && next.overlay === undefined) return none(show(next, manager(next)));
  return none(next);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

export function manager(s: State): Dialog {
  const items: PickItem[] = [
    { label: 'New template…', detail: 'a prompt with {{variables}}', value: NEW },
    ...(s.composer.templates ?? []).map((t) => ({
      label: t.name,
      detail: t.description ?? firstLine(t.body),
      aside: vars(t.body),
      value: t.id,
    })),
  ];
  return pickDialog('Templates', { type: 'templates' }, items, {
    help: 'Enter: insert, edit or delete · type to filter',
  });
}

function vars(body: string): string {
  const v = templateVariables(body);
  return v.length === 0 ? '' : v.map((x) => `{{${x}}}`).join(' ');
}

/**
 * Inserts a template into the composer, asking for its variables first.
 * Not loaded yet: loads the templates and tries again once.
 */
export function insertTemplate(s: State, nameOrId: string, load = true): Result {
  const t = findTemplate(s, nameOrId);
  if (t === undefined) {
    if (load && s.hasStore) return [s, [{ type: 'loadTemplates', insert: nameOrId }]];
    const names = (s.composer.templates ?? []).map((x) => x.name);
    const known =
      names.length === 0 ? 'there are none yet (Ctrl+T creates one)' : `known: ${names.join(', ')}`;
    return none(notify(s, 'error', `No template "${nameOrId}": ${known}`));
  }
  const names = templateVariables(t.body);
  if (names.length === 0) return none(insertText(s, t.body));
  const d = formDialog(
    `Template: ${t.name}`,
    { type: 'templateFill', name: t.name, body: t.body },
    names.map((n) => ({ label: n, placeholder: `value of {{${n}}}` })),
    'Enter: next field; on the last it puts the text in the message box',
    'inserts',
  );
  return none(show(s, d));
}

/** Puts text into the composer: replaces an empty message, else goes in at the cursor. */
export function insertText(s: State, text: string): State {
  const ed = s.composer.editor;
  if (ed.value.trim() === '') ed.setValue(text);
  else ed.paste(text);
  return { ...s, focus: 'composer', composer: { ...s.composer } };
}

function editForm(s: State, t?: TemplateItem): Dialog {
  return formDialog(
    t === undefined ? 'New template' : `Edit template: ${t.name}`,
    t === undefined ? { type: 'templateForm' } : { type: 'templateForm', id: t.id },
    [
      { label: 'Name', value: t?.name ?? '', placeholder: '/template NAME inserts it' },
      { label: 'Description', value: t?.description ?? '', placeholder: 'optional' },
    ],
    'Enter: next field; then the template text',
    'opens the text',
  );
}

/** Checks a template's name: present and not another template's. */
export function nameProblem(s: State, name: string, id?: string): string | undefined {
  const n = name.trim();
  if (n === '') return 'Give the template a name';
  if (n.startsWith('/')) return 'A name cannot start with /';
  const clash = (s.composer.templates ?? []).find(
    (t) => t.name.toLowerCase() === n.toLowerCase() && t.id !== id,
  );
  return clash === undefined
    ? undefined
    : `A template named "${clash.name}" exists: choose another name`;
}

/** The answer to one of the template dialogs. */
export function onTemplateDialog(
  s: State,
  d: Dialog,
  p: TemplatePurpose,
  value: DialogValue,
): Result {
  switch (p.type) {
    case 'templates': {
      if (value.kind !== 'pick') return none(s);
      if (value.value === NEW) return none(show(s, editForm(s)));
      const t = findTemplate(s, value.value);
      if (t === undefined) return none(s);
      const actions = pickDialog(`Template: ${t.name}`, { type: 'templateAction', id: t.id }, [
        { label: 'Insert into the message', value: 'insert' },
        { label: 'Edit', value: 'edit' },
        { label: 'Delete', value: 'delete' },
      ]);
      return none(show(s, actions));
    }
    case 'templateAction': {
      const t = findTemplate(s, p.id);
      if (t === undefined || value.kind !== 'pick') return none(s);
      if (value.value === 'insert') return insertTemplate(s, t.id, false);
      if (value.value === 'edit') return none(show(s, editForm(s, t)));
      return none(
        show(
          s,
          confirmDialog(
            'Delete template',
            `Delete the template "${t.name}"? This cannot be undone.`,
            { type: 'templateDelete', id: t.id, name: t.name },
            { confirmLabel: 'Delete', danger: true },
          ),
        ),
      );
    }
    case 'templateForm': {
      if (value.kind !== 'form') return none(s);
      const [name = '', description = ''] = value.values;
      const problem = nameProblem(s, name, p.id);
      if (problem !== undefined) return none(show(s, withError(d, problem)));
      const old = p.id === undefined ? undefined : findTemplate(s, p.id);
      const body = promptDialog(
        `Template text: ${name.trim()}`,
        {
          type: 'templateBody',
          ...(p.id !== undefined ? { id: p.id } : {}),
          name: name.trim(),
          description: description.trim(),
        },
        {
          value: old?.body ?? '',
          multiline: true,
          help: 'Write {{name}} where a value goes. Alt+Enter adds a line; Enter saves.',
          placeholder: 'Summarise {{topic}} in three bullet points.',
        },
      );
      return none(show(s, body));
    }
    case 'templateBody': {
      if (value.kind !== 'text') return none(s);
      if (value.text.trim() === '') return none(show(s, withError(d, 'The template has no text')));
      return [
        s,
        [
          {
            type: 'saveTemplate',
            ...(p.id !== undefined ? { id: p.id } : {}),
            name: p.name,
            body: value.text,
            ...(p.description !== '' ? { description: p.description } : {}),
          },
        ],
      ];
    }
    case 'templateDelete':
      return [s, [{ type: 'deleteTemplate', id: p.id, name: p.name }]];
    case 'templateFill': {
      if (value.kind !== 'form') return none(s);
      const names = templateVariables(p.body);
      const values = Object.fromEntries(names.map((n, i) => [n, value.values[i] ?? '']));
      return none(insertText(s, renderTemplate(p.body, values)));
    }
  }
}
