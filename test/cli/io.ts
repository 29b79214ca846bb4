/** An in-memory CliIo for running commands in-process: captured stdout/stderr, a fake or real fetch. */
import type { CliIo } from "../../cli/commands/command.js";

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

function sink(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = { isTTY: tty, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

export function captureIo(options: { env?: NodeJS.ProcessEnv; fetch?: typeof fetch; now?: number } = {}): CapturedIo {
  const stdout = sink(false);
  const stderr = sink(false);
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    fetch: options.fetch ?? (() => Promise.reject(new Error("no network in this test"))),
    now: () => options.now ?? Math.floor(Date.now() / 1000),
    out: stdout.text,
    err: stderr.text,
  };
}
