/** Storage of an accepted upload: the image content-addressed (R2 + D1), a simulated film's report, the item's formats. */
import { sha256Hex } from "../../../shared/crypto/index.js";
import { putDatasetReportOnce } from "../storage/datasets.js";
import type { Findings } from "../storage/generations.js";
import { imageObjectKey, putImage } from "../storage/images.js";
import { addItemFormat, ensureJobItem } from "../storage/jobs.js";
import type { ExpectedItem } from "./expected-item.js";
import type { Upload } from "./upload.js";

export interface StoredUpload {
  jobId: string;
  expected: ExpectedItem;
  upload: Upload;
  /** Findings of a simulated film's report, recorded with it (null for any other item). */
  findings: Findings | null;
  at: string;
}

/** True when every ordered format of the item is now in. */
export async function storeUpload(env: Env, { jobId, expected, upload, findings, at }: StoredUpload): Promise<boolean> {
  const { line, bytes } = upload;
  await putImage(
    env.DB,
    env.IMAGES,
    {
      contentKey: expected.contentKey,
      format: line.format,
      r2Key: imageObjectKey(expected.contentKey, line.format),
      bytes: bytes.byteLength,
      sha256: await sha256Hex(bytes),
      quality: line.quality ?? null,
      modelVersion: expected.modelVersion,
      createdAt: at,
    },
    bytes,
  );
  if (findings && line.report !== undefined && expected.order.kind === "dataset") {
    await putDatasetReportOnce(env.DB, expected.order.dataset.id, { reportIndex: upload.itemIndex, text: line.report, findings });
  }
  await ensureJobItem(env.DB, jobId, { itemIndex: upload.itemIndex, reportIndex: expected.reportIndex, sampleIndex: expected.sampleIndex, seed: expected.seed, contentKey: expected.contentKey });
  const item = await addItemFormat(env.DB, jobId, upload.itemIndex, line.format, line.quality ?? null);
  return expected.formats.every((f) => item?.formatsDone.includes(f));
}
