/** `datasets status <id> [--wait]` and `datasets cancel <id>`. */
import type { DatasetView } from "../../shared/api/index.js";
import { onePositional, parse } from "../options.js";
import { renderBar } from "../progress-bar.js";
import { clientFor, CONNECTION_HELP, type Command } from "./command.js";
import { waitForDataset } from "./dataset-wait.js";

export const datasetsStatus: Command = {
  name: "datasets status",
  summary: "show a dataset's progress; --wait follows it to the end",
  help: `Show a dataset's status and progress.\n\nUsage: cxr-synth datasets status <dataset id> [--wait]\n\n${CONNECTION_HELP}`,
  async run(args, io) {
    const { values, positionals } = parse(args, { wait: { type: "boolean" } });
    const id = onePositional(positionals, "dataset id");
    const client = clientFor(values, io);
    client.requireKey();
    if (values.wait) return waitForDataset(client, id, io);
    const dataset = await client.json<DatasetView>("GET", `/v1/datasets/${encodeURIComponent(id)}`);
    io.stdout.write(`${dataset.id} ${dataset.status} ${renderBar(dataset.progress)}\n`);
    return 0;
  },
};

export const datasetsCancel: Command = {
  name: "datasets cancel",
  summary: "cancel a queued or running dataset (undelivered images are refunded)",
  help: `Cancel a dataset; images not yet delivered are refunded.\n\nUsage: cxr-synth datasets cancel <dataset id>\n\n${CONNECTION_HELP}`,
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    const id = onePositional(positionals, "dataset id");
    const client = clientFor(values, io);
    client.requireKey();
    const dataset = await client.json<DatasetView>("DELETE", `/v1/datasets/${encodeURIComponent(id)}`);
    io.stdout.write(`${dataset.id} ${dataset.status}: ${dataset.progress.done}/${dataset.progress.total} delivered\n`);
    return 0;
  },
};
