/**
 * The errors this folder throws: a FengkongError (code REQUEST_INVALID) whose one field problem
 * names the offending option or model field and says what is wrong in 简体中文 and English.
 */
import { FengkongError } from '../../shared/errors.js';
import type { Bilingual } from '../../shared/i18n.js';

/**
 * An invalid training option or an unusable model file.
 *
 * @example
 * throw treeError('maxDepth', 'range', { zh: 'maxDepth 须为 1–30 的整数', en: 'maxDepth must be an integer from 1 to 30' });
 */
export function treeError(field: string, reason: string, message: Bilingual, cause?: unknown): FengkongError {
  return new FengkongError('REQUEST_INVALID', {
    details: [{ field, reason, message }],
    // The note repeats the English text so a CLI user sees which field failed without the details.
    note: `${field}: ${message.en}`,
    ...(cause === undefined ? {} : { cause }),
  });
}
