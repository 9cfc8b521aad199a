// The shapes of the modal dialogs (a text prompt, a yes/no confirmation, a
// form, a filterable picker) as they sit in the state; panes/dialog.ts makes
// them and handles their keys, view/dialog-view.ts draws them.
import type { TextAreaModel } from '../../tui/index.js';
import type { DialogPurpose } from './purposes.js';

export interface DialogBase {
  readonly title: string;
  readonly purpose: DialogPurpose;
  /** A problem with the last answer, shown in the dialog (it stays open). */
  readonly error?: string;
  /** One line of help under the title. */
  readonly help?: string;
}

export interface PromptDialog extends DialogBase {
  readonly kind: 'prompt';
  readonly editor: TextAreaModel;
  readonly multiline: boolean;
  readonly placeholder?: string;
}

export interface ConfirmDialog extends DialogBase {
  readonly kind: 'confirm';
  readonly message: string;
  readonly confirmLabel: string;
  /** Drawn in the error colour: the action cannot be undone. */
  readonly danger: boolean;
  /**
   * The button Enter activates. A dangerous confirmation starts on Cancel and
   * takes no letter: text typed by someone who thought they were in the
   * message box (a `d` then "yes", a sentence ending in Enter) cancels instead
   * of deleting. Left/Right or Tab choose the action.
   */
  readonly choice: 'confirm' | 'cancel';
}

export interface FormField {
  readonly label: string;
  readonly editor: TextAreaModel;
  readonly placeholder?: string;
}

export interface FormDialog extends DialogBase {
  readonly kind: 'form';
  /** What Enter on the last field does, for the hint: "saves" unless told ("inserts"). */
  readonly submit?: string;
  readonly fields: readonly FormField[];
  readonly focused: number;
}

export interface PickItem {
  readonly label: string;
  /** Dim text after the label (a description). */
  readonly detail?: string;
  /** Right-aligned (a key binding, a date). */
  readonly aside?: string;
  readonly value: string;
}

export interface PickDialog extends DialogBase {
  readonly kind: 'pick';
  readonly items: readonly PickItem[];
  readonly filter: TextAreaModel;
  /** Index into the filtered list. */
  readonly selected: number;
  readonly emptyText?: string;
  /** Text shown above the filter, in full where the screen allows (a tool call's arguments). */
  readonly body?: readonly string[];
}

export type Dialog = PromptDialog | ConfirmDialog | FormDialog | PickDialog;

export type DialogValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'confirm' }
  | { readonly kind: 'form'; readonly values: readonly string[] }
  | { readonly kind: 'pick'; readonly value: string };

export type DialogOutcome =
  /** Still open (maybe changed: a new object when it did). */
  | { readonly type: 'open'; readonly dialog: Dialog }
  | { readonly type: 'cancelled' }
  | { readonly type: 'submitted'; readonly dialog: Dialog; readonly value: DialogValue };
