/** `usage [--from <date>] [--to <date>] [--json]`: balance, quota and what this period cost. */
import { parse } from "../options.js";
import { clientFor, CONNECTION_HELP, type Command } from "./command.js";

interface UsageView {
  partnerId: string;
  credits: number;
  monthlyImageQuota: number | null;
  period: { from: string; to: string };
  usage: { images: number; credits: number; byKind: Record<string, { images: number; credits: number }> };
}

export const usage: Command = {
  name: "usage",
  summary: "show your credit balance, quota and usage for a period (default: this month)",
  help: `Show balance, quota and usage.\n\nUsage: cxr-synth usage [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--json]\n\n${CONNECTION_HELP}`,
  async run(args, io) {
    const { values } = parse(args, { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } });
    const client = clientFor(values, io);
    client.requireKey();
    const query = new URLSearchParams();
    if (values.from) query.set("from", values.from);
    if (values.to) query.set("to", values.to);
    const view = await client.json<UsageView>("GET", `/v1/usage${query.size ? `?${query}` : ""}`);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(view)}\n`);
      return 0;
    }
    const lines = [
      `partner   ${view.partnerId}`,
      `balance   ${view.credits} credits`,
      `quota     ${view.monthlyImageQuota === null ? "none" : `${view.monthlyImageQuota} images / month`}`,
      `period    ${view.period.from.slice(0, 10)} to ${view.period.to.slice(0, 10)}`,
      `used      ${view.usage.images} images, ${view.usage.credits} credits`,
      ...Object.entries(view.usage.byKind).map(([kind, k]) => `  ${kind.padEnd(8)}${k.images} images, ${k.credits} credits`),
    ];
    io.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
