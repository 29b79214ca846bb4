/** Every command, by the words that name it on the command line. */
import type { Command } from "./command.js";
import { datasetsCreate } from "./datasets-create.js";
import { datasetsDownload } from "./datasets-download.js";
import { datasetsCancel, datasetsStatus } from "./datasets-status.js";
import { generationsCreate } from "./generations-create.js";
import { usage } from "./usage.js";
import { webhooksVerify } from "./webhooks-verify.js";

export const COMMANDS = [datasetsCreate, datasetsStatus, datasetsDownload, datasetsCancel, generationsCreate, usage, webhooksVerify] as const satisfies readonly Command[];

/** The command named by the first one or two words, and the remaining arguments. */
export function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}
