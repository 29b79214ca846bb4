/**
 * The fine-tune's reports: simulator reports from a seed range of their own (never the generator's
 * training pool, the tokenizer corpus or the held-out range), plus reports from partners who opted
 * in to training. Simulator reports are made on first use and cached (an epoch needs a handful).
 */
import { canonicalize } from "../../shared/report/index.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import { phantomConfig, simulate } from "../data/phantom/index.js";

export class PromptPool {
  private readonly cache = new Map<number, CanonicalReport>();
  private readonly sim = phantomConfig({ size: 64 });
  private readonly partner: CanonicalReport[];

  constructor(private readonly simulated: number, private readonly seedBase: number, partnerReports: readonly string[] = []) {
    this.partner = partnerReports.map((r) => canonicalize(r));
  }

  get size(): number {
    return this.simulated + this.partner.length;
  }

  get partnerCount(): number {
    return this.partner.length;
  }

  report(i: number): CanonicalReport {
    if (i >= this.simulated) return this.partner[i - this.simulated]!;
    let r = this.cache.get(i);
    if (!r) this.cache.set(i, (r = canonicalize(simulate(this.sim, this.seedBase + i).report)));
    return r;
  }
}
