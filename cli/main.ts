#!/usr/bin/env node
/**
 * `cxr-synth`: the partner CLI (docs/cli.md). Resolves the command, runs it, and turns every
 * CliError into one line on stderr and its stable exit code (cli/exit-codes.ts). Only a bug
 * prints a stack trace, and only with CXR_DEBUG=1.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS, findCommand } from "./commands/index.js";
import type { CliIo } from "./commands/command.js";
import { CliError } from "./errors.js";
import { CLI_EXIT } from "./exit-codes.js";

const HELP = `cxr-synth — order synthetic chest X-ray datasets and images.

Usage: cxr-synth <command> [options]      (cxr-synth <command> --help for its options)

${COMMANDS.map((c) => `  ${c.name.padEnd(20)}${c.summary}`).join("\n")}

Configuration: --api-url / CXR_API_URL (default http://127.0.0.1:8787), --api-key / CXR_API_KEY.
Exit codes: 0 ok, 2 usage, 3 invalid input, 4 auth, 5 refused, 6 unavailable, 7 verification failed, 8 job failed.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout.write(`${HELP}\n`);
    return argv.length === 0 ? CLI_EXIT.usage : CLI_EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(`cxr-synth: unknown command "${argv.slice(0, 2).join(" ")}" (see cxr-synth --help)\n`);
    return CLI_EXIT.usage;
  }
  if (found.rest.includes("--help") || found.rest.includes("-h")) {
    io.stdout.write(`${found.command.help}\n`);
    return CLI_EXIT.ok;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`cxr-synth ${found.command.name}: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`cxr-synth ${found.command.name}: unexpected error: ${(err as Error).message} (a bug; rerun with CXR_DEBUG=1 for details and report it)\n`);
    if (io.env.CXR_DEBUG === "1") io.stderr.write(`${(err as Error).stack}\n`);
    return CLI_EXIT.internal;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, fetch, now: () => Math.floor(Date.now() / 1000) };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
