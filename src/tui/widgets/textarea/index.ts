// Text area: a multi-line editor (model, key bindings and view).
export { TextAreaModel, type Pos } from './model.js';
export { textAreaHandleKey, textAreaHandlePaste, type TextAreaKeyOptions } from './keys.js';
export { drawTextArea, type TextAreaProps } from './view.js';
export { visualRows, visualPos, offsetAtX } from './rows.js';
