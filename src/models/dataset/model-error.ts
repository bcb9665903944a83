/**
 * The one error type of the modelling code (dataset loading, binning, fitting, artifacts, metrics):
 * a stable code, the message in 简体中文 and English, and the field or option it concerns.
 */
import type { Bilingual } from '../../shared/i18n.js';

export type ModelErrorCode =
  /** The file or sample cannot be used for training or scoring (empty, no target, one class, …). */
  | 'DATASET_INVALID'
  /** A training, binning or metric option is out of range or of the wrong type. */
  | 'MODEL_OPTION_INVALID'
  /** The fit did not converge or the data cannot be fitted (perfect separation, collinearity). */
  | 'MODEL_FIT_FAILED'
  /** A stored model artifact is not one this version can load. */
  | 'MODEL_ARTIFACT_INVALID';

/**
 * A modelling error. `message` is `CODE: English text` for logs; `text` holds both languages for
 * people. Texts name columns, options and line numbers, never a value from a row (it could be
 * personal data).
 *
 * @example
 * throw new ModelError('DATASET_INVALID', { zh: '文件为空', en: 'The file is empty' }, { field: 'file' });
 */
export class ModelError extends Error {
  override name = 'ModelError';
  readonly code: ModelErrorCode;
  readonly text: Bilingual;
  /** The column, option or file concerned, when there is one. */
  readonly field: string | undefined;

  constructor(code: ModelErrorCode, text: Bilingual, options: { field?: string; cause?: unknown } = {}) {
    super(`${code}: ${text.en}`, { cause: options.cause });
    this.code = code;
    this.text = text;
    this.field = options.field;
  }
}

/** Shorthand for an invalid option: names the option in both languages. */
export function optionError(option: string, zh: string, en: string): ModelError {
  return new ModelError('MODEL_OPTION_INVALID', { zh: `选项 ${option}:${zh}`, en: `Option ${option}: ${en}` }, { field: option });
}
