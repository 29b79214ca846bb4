/**
 * Checks a dataset folder end to end (schema, sort order, every file's size and sha256,
 * labels.csv row by row, the card's counts) and prints its summary as one JSON line:
 *   npx tsx batch-jobs/data/dataset/verify-dataset.ts <dataset folder>
 * Exit 0 when consistent; otherwise "<file>: <problem> [code]" and the error's exit class
 * (shared/jobs/exit-codes.ts): 67 corrupt or inconsistent files, 65 malformed ones, 66 missing ones.
 */
import { isDatasetError } from "../../../shared/dataset/errors.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";
import { verifyDataset } from "./dataset-reader.js";

const root = process.argv[2];
if (root === undefined || root === "--help") {
  process.stderr.write("usage: verify-dataset.ts <dataset folder>\n");
  process.exitCode = 2;
} else {
  try {
    process.stdout.write(JSON.stringify({ ok: true, ...(await verifyDataset(root)) }) + "\n");
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    process.stderr.write(`${e.message} [${e.code}]\n`);
    process.stdout.write(JSON.stringify({ ok: false, code: e.code, file: e.file }) + "\n");
    process.exitCode = EXIT[e.exitClass];
  }
}
