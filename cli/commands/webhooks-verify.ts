/**
 * `webhooks verify`: checks a received webhook's CXR-Signature header offline, with the same
 * code the edge signs with (shared/crypto). Exit 0 when it verifies, 7 with the reason otherwise.
 */
import { readFile } from "node:fs/promises";
import { verifySignatureHeader } from "../../shared/crypto/signature-header.js";
import { CliError, usageError } from "../errors.js";
import { integerFlag, parse, requireFlag } from "../options.js";
import type { Command } from "./command.js";

const HELP = `Verify a webhook's signature offline.

Usage: cxr-synth webhooks verify --header "t=…,v1=…" --body-file <raw body> [--secret whsec_…] [options]

  --header <value>     the CXR-Signature header as received
  --body-file <path>   the exact bytes received (do not re-serialise the JSON); "-" reads stdin
  --secret <whsec_…>   your webhook secret (env CXR_WEBHOOK_SECRET)
  --tolerance <s>      accepted age of the signature in seconds (default 300)
  --now <unix s>       verify as of this time (default: now), e.g. for a stored delivery`;

async function readBody(file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  return readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new CliError("invalidInput", `cannot read ${file} (${err.code ?? err.message})`);
  });
}

export const webhooksVerify: Command = {
  name: "webhooks verify",
  summary: "check a received webhook's CXR-Signature header offline",
  help: HELP,
  async run(args, io) {
    const { values } = parse(args, { header: { type: "string" }, "body-file": { type: "string" }, secret: { type: "string" }, tolerance: { type: "string" }, now: { type: "string" } });
    const secret = values.secret ?? io.env.CXR_WEBHOOK_SECRET;
    if (!secret) throw usageError("give --secret or set CXR_WEBHOOK_SECRET (the whsec_… value from your partner account)");
    const header = requireFlag("header", values.header);
    const payload = await readBody(requireFlag("body-file", values["body-file"]));
    const check = await verifySignatureHeader({
      secret,
      payload,
      header,
      now: integerFlag("now", values.now, { min: 0, max: 1e12 }) ?? io.now(),
      toleranceSeconds: integerFlag("tolerance", values.tolerance, { min: 0, max: 1e9 }) ?? 300,
    });
    if (!check.ok) throw new CliError("verificationFailed", `${check.reason}: ${check.message}`);
    io.stdout.write(`valid: signed at ${new Date(check.timestamp * 1000).toISOString()}\n`);
    return 0;
  },
};
