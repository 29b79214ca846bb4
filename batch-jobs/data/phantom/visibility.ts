/**
 * How visible each finding is at a given film size: for N seeds, render the same film with and
 * without the finding (identity posture, PA, everything else equal) and measure
 *   area     — pixels whose noiseless value changes by > 1 % of full scale,
 *   contrast — mean |Δ| over those pixels (fraction of full scale),
 *   CNR      — contrast / σ_noise, σ_noise = quantum noise at the default photon count.
 * Medians over seeds. Last line: one JSON object.
 *
 *   npx tsx batch-jobs/data/phantom/visibility.ts [--sizes 64,128] [--seeds 12]
 */
import { parseArgs } from "node:util";
import { PHANTOM_FINDINGS, phantomConfig, type PhantomFinding } from "./config.js";
import { simulate } from "./simulate.js";

function config(size: number, finding: PhantomFinding | null, photons: number) {
  return phantomConfig({
    size,
    views: { PA: 1, AP: 0 },
    posture: { sx: [1, 1], sy: [1, 1], tx: [0, 0], ty: [0, 0], theta: [0, 0] },
    acquisition: { photonsPerPixel: photons },
    findings: {
      normalRate: finding === null ? 1 : 0,
      prevalence: Object.fromEntries(PHANTOM_FINDINGS.map((f) => [f, f === finding ? 1 : 0])),
      cooccurrence: [],
      uncertainRate: 0,
    },
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
};

function main(): void {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "64,128" }, seeds: { type: "string", default: "12" } } });
  const sizes = values.sizes!.split(",").map(Number);
  const seeds = Number(values.seeds);
  if (sizes.some((s) => !Number.isInteger(s) || s < 64 || s > 512) || !Number.isInteger(seeds) || seeds < 1) {
    console.error("visibility: --sizes must be integers in 64..512, --seeds a positive integer");
    process.exit(2);
  }
  const defaultPhotons = phantomConfig().acquisition.photonsPerPixel;
  const results: Record<string, Record<string, { area: number; contrast: number; cnr: number }>> = {};
  for (const size of sizes) {
    results[size] = {};
    // Quantum noise σ: default-photon film minus an (almost) noiseless one, same seed.
    const sigmas: number[] = [];
    for (let s = 0; s < seeds; s++) {
      const noisy = simulate(config(size, null, defaultPhotons), s).pixels, clean = simulate(config(size, null, 1e7), s).pixels;
      let acc = 0;
      for (let i = 0; i < noisy.length; i++) acc += ((noisy[i]! - clean[i]!) / 65535) ** 2;
      sigmas.push(Math.sqrt(acc / noisy.length));
    }
    const sigma = median(sigmas);
    for (const f of PHANTOM_FINDINGS) {
      const areas: number[] = [], contrasts: number[] = [];
      for (let s = 0; s < seeds; s++) {
        const base = simulate(config(size, null, 1e7), s).pixels, with_ = simulate(config(size, f, 1e7), s).pixels;
        let n = 0, sum = 0;
        for (let i = 0; i < base.length; i++) {
          const d = Math.abs(with_[i]! - base[i]!) / 65535;
          if (d > 0.01) {
            n++;
            sum += d;
          }
        }
        areas.push(n / base.length);
        contrasts.push(n > 0 ? sum / n : 0);
      }
      const contrast = median(contrasts);
      results[size]![f] = { area: Math.round(median(areas) * 1e4) / 1e4, contrast: Math.round(contrast * 1e4) / 1e4, cnr: Math.round((contrast / sigma) * 10) / 10 };
      console.log(`${size}px ${f.padEnd(27)} area ${(median(areas) * 100).toFixed(2)}%  contrast ${(contrast * 100).toFixed(1)}%  CNR ${(contrast / sigma).toFixed(1)}`);
    }
    console.log(`${size}px quantum noise σ = ${(sigma * 100).toFixed(2)}% of full scale`);
  }
  console.log(JSON.stringify({ visibility: results, seeds }));
}

main();
