/**
 * Golden films: the SHA-256 of pixels, report and ground truth for fixed seeds, so a refactor of
 * the simulator that changes a single pixel, word or truth field fails here. A deliberate change
 * to the output bumps SIMULATOR_VERSION and these hashes together.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { phantomConfig, simulate, type PhantomConfig, type PhantomFinding } from "../../../../batch-jobs/data/phantom/index.js";
import { controlledConfig, withFinding } from "./helpers.js";

function filmHash(config: PhantomConfig, seed: number): string {
  const s = simulate(config, seed);
  return createHash("sha256")
    .update(Buffer.from(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength))
    .update(s.report)
    .update(JSON.stringify(s.truth))
    .digest("hex")
    .slice(0, 16);
}

/** A forced finding on AP films, all positions, so supine pleura is covered too. */
const apWith = (finding: PhantomFinding): PhantomConfig =>
  controlledConfig(64, {
    views: { PA: 0, AP: 1 },
    findings: { normalRate: 0, prevalence: { [finding]: 1 }, cooccurrence: [], uncertainRate: 0.3 },
  });

interface GoldenCase {
  name: string;
  config: () => PhantomConfig;
  seed: number;
  hash: string;
}

// prettier-ignore
const CASES: GoldenCase[] = [
  { name: "default config", config: () => phantomConfig({ size: 64 }), seed: 0, hash: "27c4f54191548572" },
  { name: "default config", config: () => phantomConfig({ size: 64 }), seed: 7, hash: "1d1c12c6a3288b9a" },
  { name: "default config", config: () => phantomConfig({ size: 64 }), seed: 123456, hash: "3b652e592983624a" },
  { name: "default config", config: () => phantomConfig({ size: 64 }), seed: 0xffffffff, hash: "f5f22c20cb8244cb" },
  { name: "Lung Lesion", config: () => withFinding("Lung Lesion", 64), seed: 1, hash: "b0f66ebfb9aa6d26" },
  { name: "Lung Lesion", config: () => withFinding("Lung Lesion", 64), seed: 2, hash: "014ebada6db1ef37" },
  { name: "Support Devices", config: () => withFinding("Support Devices", 64), seed: 1, hash: "86db779c9d28d0b9" },
  { name: "Support Devices", config: () => withFinding("Support Devices", 64), seed: 9, hash: "01eaed4dca1fd9c0" },
  { name: "Support Devices", config: () => withFinding("Support Devices", 64), seed: 22, hash: "b1733bd7f238ee6d" },
  { name: "Support Devices", config: () => withFinding("Support Devices", 64), seed: 49, hash: "c5581f54d0861208" },
  { name: "Pleural Effusion", config: () => withFinding("Pleural Effusion", 64), seed: 1, hash: "452646a7299f1513" },
  { name: "Pneumothorax", config: () => withFinding("Pneumothorax", 64), seed: 1, hash: "5b309fd470930a8e" },
  { name: "Consolidation", config: () => withFinding("Consolidation", 64), seed: 1, hash: "231914ebea259127" },
  { name: "Pneumonia", config: () => withFinding("Pneumonia", 64), seed: 1, hash: "56928d21f9019702" },
  { name: "AP Pleural Effusion", config: () => apWith("Pleural Effusion"), seed: 4, hash: "946d3751197425cb" },
  { name: "AP Pneumothorax", config: () => apWith("Pneumothorax"), seed: 5, hash: "5b97281483d46f51" },
  { name: "AP Lung Lesion", config: () => apWith("Lung Lesion"), seed: 6, hash: "09142ea927dcc0a4" },
  { name: "AP Support Devices", config: () => apWith("Support Devices"), seed: 8, hash: "4a2938803121f0d0" },
];

describe("golden films (pixels + report + truth)", () => {
  it.each(CASES)("$name, seed $seed", ({ config, seed, hash }) => {
    expect(filmHash(config(), seed)).toBe(hash);
  });
});
