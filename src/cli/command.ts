/** The shape of a CLI command: each lives in its own file under commands/. */
import type { Bilingual } from '../shared/i18n.js';

export interface Command {
  name: string;
  summary: Bilingual;
  /** Usage line(s) shown by `fengkong help NAME`. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}
