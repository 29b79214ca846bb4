/** Follows a dataset until it finishes, drawing the progress bar; exit 0 if it succeeded, 8 otherwise. */
import type { DatasetView } from "../../shared/api/index.js";
import type { ApiClient } from "../api-client.js";
import { CLI_EXIT } from "../exit-codes.js";
import { ProgressBar } from "../progress-bar.js";
import { sleep, type CliIo } from "./command.js";

const POLL_MS = 1000;
const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

export async function waitForDataset(client: ApiClient, id: string, io: CliIo): Promise<number> {
  const bar = new ProgressBar(io.stderr, id);
  for (;;) {
    const dataset = await client.json<DatasetView>("GET", `/v1/datasets/${encodeURIComponent(id)}`);
    bar.update(dataset.progress, dataset.status);
    if (FINISHED.has(dataset.status)) {
      bar.finish();
      const { done, failed, total } = dataset.progress;
      io.stderr.write(`dataset ${id} ${dataset.status}: ${done}/${total} done, ${failed} failed\n`);
      return dataset.status === "succeeded" ? CLI_EXIT.ok : CLI_EXIT.jobFailed;
    }
    await sleep(POLL_MS);
  }
}
