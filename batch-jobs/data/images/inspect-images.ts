/**
 * Decoding sanity check on real files (never run by tests): decodes every PNG / JPEG / DICOM in
 * a folder and prints size, bit depth and value range, then one JSON summary line.
 *   npx tsx batch-jobs/data/images/inspect-images.ts ../shared/data/real-cxr/images
 * Exits 0 with a "skipped" line when the folder is absent (a fresh clone has no ../shared).
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { isDatasetError } from "../../../shared/dataset/errors.js";
import { decodeImageFile } from "./decode-image.js";

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error("usage: inspect-images.ts <folder with .png/.jpg/.dcm files>");
    process.exit(2);
  }
  if (!existsSync(dir)) {
    console.log(JSON.stringify({ skipped: true, reason: `${dir} does not exist` }));
    return;
  }
  const names = (await readdir(dir)).filter((n) => /\.(png|jpe?g|dcm)$/i.test(n)).sort();
  const byKind: Record<string, { ok: number; failed: number }> = {};
  const failures: string[] = [];
  for (const name of names) {
    const kind = name.split(".").pop()!.toLowerCase().replace("jpeg", "jpg");
    const counts = (byKind[kind] ??= { ok: 0, failed: 0 });
    try {
      const img = await decodeImageFile(join(dir, name));
      let min = Infinity, max = -Infinity;
      for (const v of img.pixels) { if (v < min) min = v; if (v > max) max = v; }
      console.log(`${name}\t${img.width}x${img.height}\t${img.bitDepth}-bit\trange ${min}..${max}`);
      counts.ok++;
    } catch (e) {
      if (!isDatasetError(e)) throw e;
      console.log(`${name}\tFAILED ${e.code}: ${e.detail}`);
      failures.push(`${name}: ${e.code}`);
      counts.failed++;
    }
  }
  console.log(JSON.stringify({ files: names.length, byKind, failures }));
}

await main();
