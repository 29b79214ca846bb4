/**
 * The dataset state machine whole (edge/src/lifecycle/dataset.ts): every transition from every
 * state, the money each moves (reserved = charged + refunded), the webhook of every end, and
 * replays that change nothing. Runs against D1.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EDGE_CONFIG } from "../../../edge/src/config.js";
import {
  cancelDataset,
  deliverDatasetItem,
  dispatchDataset,
  failDataset,
  failUndeliveredItems,
  refuseLateDatasetResult,
  startDataset,
} from "../../../edge/src/lifecycle/dataset.js";
import { getDataset, type Dataset } from "../../../edge/src/storage/datasets.js";
import { getJob } from "../../../edge/src/storage/jobs.js";
import { creditsSpent, datasetIn, ledgerOf, sumCredits, thrownBy, type DatasetState } from "../helpers/orders.js";

const PRICE = EDGE_CONFIG.creditsPerGeneratedImage;
const reread = async (d: Dataset) => (await getDataset(env.DB, d.id))!;

const TRANSITIONS: Record<string, (d: Dataset) => Promise<boolean>> = {
  dispatch: (d) => dispatchDataset(env.DB, d.id, `job_${d.id}`),
  start: (d) => startDataset(env.DB, d.id),
  deliverItem: (d) => deliverDatasetItem(env, d, 0),
  failItems: (d) => failUndeliveredItems(env, d, { start: 0, end: d.total }),
  fail: (d) => failDataset(env, d, { reason: "failed by the test" }),
  cancel: async (d) => (await cancelDataset(env, d)) !== null,
};

// [transition, from, changed, status after]; failItems is "changed" when it settled the dataset.
const TABLE: Array<[string, DatasetState, boolean, DatasetState]> = [
  ["dispatch", "queued", true, "queued"],
  ["dispatch", "running", false, "running"],
  ["dispatch", "succeeded", false, "succeeded"],
  ["dispatch", "failed", false, "failed"],
  ["dispatch", "cancelled", false, "cancelled"],
  ["start", "queued", true, "running"],
  ["start", "running", false, "running"],
  ["start", "succeeded", false, "succeeded"],
  ["start", "failed", false, "failed"],
  ["start", "cancelled", false, "cancelled"],
  ["deliverItem", "queued", true, "running"],
  ["deliverItem", "running", true, "running"],
  ["deliverItem", "succeeded", false, "succeeded"],
  ["deliverItem", "failed", false, "failed"],
  ["deliverItem", "cancelled", false, "cancelled"],
  ["failItems", "queued", true, "failed"],
  ["failItems", "running", true, "failed"],
  ["failItems", "succeeded", false, "succeeded"],
  ["failItems", "failed", false, "failed"],
  ["failItems", "cancelled", false, "cancelled"],
  ["fail", "queued", true, "failed"],
  ["fail", "running", true, "failed"],
  ["fail", "succeeded", false, "succeeded"],
  ["fail", "failed", false, "failed"],
  ["fail", "cancelled", false, "cancelled"],
  ["cancel", "queued", true, "cancelled"],
  ["cancel", "running", true, "cancelled"],
  ["cancel", "succeeded", false, "succeeded"],
  ["cancel", "failed", false, "failed"],
  ["cancel", "cancelled", false, "cancelled"],
];

describe("dataset lifecycle: transitions", () => {
  it.each(TABLE)("%s from %s: changed %s, then %s", async (transition, from, changed, after) => {
    const dataset = await datasetIn(from);
    expect(await TRANSITIONS[transition]!(dataset)).toBe(changed);
    expect((await reread(dataset)).status).toBe(after);
  });

  it("settles as succeeded when its last item is delivered", async () => {
    const dataset = await datasetIn("running");
    await deliverDatasetItem(env, dataset, 0);
    await deliverDatasetItem(env, await reread(dataset), 1);
    expect(await reread(dataset)).toMatchObject({ status: "succeeded", done: 2, failed: 0 });
  });

  it("settles as succeeded when one image arrived and the rest failed", async () => {
    const dataset = await datasetIn("running");
    await deliverDatasetItem(env, dataset, 0);
    await failUndeliveredItems(env, await reread(dataset), { start: 0, end: 2 });
    expect(await reread(dataset)).toMatchObject({ status: "succeeded", done: 1, failed: 1 });
  });

  it("does not settle while an item is still pending", async () => {
    const dataset = await datasetIn("running");
    expect(await failUndeliveredItems(env, dataset, { start: 0, end: 1 })).toBe(false);
    expect(await reread(dataset)).toMatchObject({ status: "running", done: 0, failed: 1 });
  });

  it("counts a failed item delivered late as done, not failed", async () => {
    const dataset = await datasetIn("running", { total: 3 });
    await failUndeliveredItems(env, dataset, { start: 2, end: 3 });
    await deliverDatasetItem(env, await reread(dataset), 2);
    expect(await reread(dataset)).toMatchObject({ status: "running", done: 1, failed: 0 });
  });

  it("dispatch records the job on the dataset", async () => {
    const dataset = await datasetIn("queued");
    await dispatchDataset(env.DB, dataset.id, "job_recorded");
    expect((await reread(dataset)).jobId).toBe("job_recorded");
  });

  it.each([
    ["start", "running"],
    ["fail", "failed"],
    ["cancel", "cancelled"],
  ] as const)("%s moves the job to %s", async (transition, jobStatus) => {
    const dataset = await datasetIn("queued");
    await TRANSITIONS[transition]!(dataset);
    expect((await getJob(env.DB, `job_${dataset.id}`))?.status).toBe(jobStatus);
  });

  it("settling moves the job to succeeded", async () => {
    const dataset = await datasetIn("succeeded");
    expect((await getJob(env.DB, `job_${dataset.id}`))?.status).toBe("succeeded");
  });

  it("cancel names the backend job to stop", async () => {
    const dataset = await datasetIn("queued");
    await env.DB.prepare("UPDATE jobs SET backend_job_id = 'backend-cancel-me' WHERE id = ?").bind(`job_${dataset.id}`).run();
    expect((await cancelDataset(env, dataset))?.backendJobId).toBe("backend-cancel-me");
  });
});

/** How each end is reached from a fresh running dataset of two images, and how many it delivers. */
const ENDINGS: Array<[string, number, (d: Dataset) => Promise<unknown>]> = [
  ["settled with every image", 2, async (d) => {
    await deliverDatasetItem(env, d, 0);
    await deliverDatasetItem(env, await reread(d), 1);
  }],
  ["settled with one image", 1, async (d) => {
    await deliverDatasetItem(env, d, 0);
    await failUndeliveredItems(env, await reread(d), { start: 0, end: 2 });
  }],
  ["settled with none", 0, (d) => failUndeliveredItems(env, d, { start: 0, end: 2 })],
  ["failed after one image", 1, async (d) => {
    await deliverDatasetItem(env, d, 0);
    await failDataset(env, d.id, { reason: "failed by the test" });
  }],
  ["failed with none", 0, (d) => failDataset(env, d, { reason: "failed by the test" })],
  ["cancelled after one image", 1, async (d) => {
    await deliverDatasetItem(env, d, 0);
    await cancelDataset(env, await reread(d));
  }],
  ["cancelled with none", 0, (d) => cancelDataset(env, d)],
];

describe("dataset lifecycle: money", () => {
  it("submit reserves every image", async () => {
    const dataset = await datasetIn("queued", { total: 3 });
    expect(dataset.costCredits).toBe(3 * PRICE);
    expect(await creditsSpent(dataset.partnerId)).toBe(3 * PRICE);
  });

  it("deliverItem charges the image under its own ledger key", async () => {
    const dataset = await datasetIn("running");
    await deliverDatasetItem(env, dataset, 1);
    expect(await ledgerOf(dataset.partnerId)).toEqual([{ eventKey: `dataset:${dataset.id}:1`, kind: "dataset", credits: PRICE }]);
  });

  it.each(ENDINGS)("%s: the partner pays for exactly the images delivered", async (_name, delivered, reach) => {
    const dataset = await datasetIn("running");
    await reach(dataset);
    expect(await creditsSpent(dataset.partnerId)).toBe(delivered * PRICE);
  });

  it.each(ENDINGS)("%s: what the partner paid is what its ledger says", async (_name, _delivered, reach) => {
    const dataset = await datasetIn("running");
    await reach(dataset);
    expect(await creditsSpent(dataset.partnerId)).toBe(sumCredits(await ledgerOf(dataset.partnerId)));
  });
});

describe("dataset lifecycle: the dataset.completed webhook", () => {
  const webhooksOf = async (d: Dataset) =>
    (await env.DB.prepare("SELECT body FROM webhook_deliveries WHERE dataset_id = ?").bind(d.id).all<{ body: string }>()).results.map((r) => JSON.parse(r.body) as { data: { status: string } });

  it.each(ENDINGS)("%s: one webhook is queued", async (_name, _delivered, reach) => {
    const dataset = await datasetIn("running", { webhookUrl: "https://partner.example/hooks" });
    await reach(dataset);
    expect(await webhooksOf(dataset)).toHaveLength(1);
  });

  it.each([
    ["failed", "failed"],
    ["cancelled", "cancelled"],
    ["succeeded", "succeeded"],
  ] as const)("a %s dataset announces status %s", async (state, status) => {
    const dataset = await datasetIn(state, { webhookUrl: "https://partner.example/hooks" });
    expect((await webhooksOf(dataset))[0]?.data.status).toBe(status);
  });

  it("nothing is queued without a webhook URL", async () => {
    const dataset = await datasetIn("failed");
    expect(await webhooksOf(dataset)).toEqual([]);
  });

  it("an end replayed queues no second webhook", async () => {
    const dataset = await datasetIn("failed", { webhookUrl: "https://partner.example/hooks" });
    await failDataset(env, dataset.id, { reason: "again" });
    await cancelDataset(env, dataset);
    expect(await webhooksOf(dataset)).toHaveLength(1);
  });
});

describe("dataset lifecycle: replays change nothing", () => {
  it("a second deliverItem of the same item is not applied", async () => {
    const dataset = await datasetIn("running");
    await deliverDatasetItem(env, dataset, 0);
    expect(await deliverDatasetItem(env, await reread(dataset), 0)).toBe(false);
  });

  it("a second deliverItem of the same item charges and counts nothing more", async () => {
    const dataset = await datasetIn("running");
    await deliverDatasetItem(env, dataset, 0);
    await deliverDatasetItem(env, await reread(dataset), 0);
    expect(await ledgerOf(dataset.partnerId)).toHaveLength(1);
    expect((await reread(dataset)).done).toBe(1);
  });

  it("a second failItems over the same range counts nothing more", async () => {
    const dataset = await datasetIn("running", { total: 3 });
    await failUndeliveredItems(env, dataset, { start: 0, end: 1 });
    await failUndeliveredItems(env, await reread(dataset), { start: 0, end: 1 });
    expect((await reread(dataset)).failed).toBe(1);
  });

  it.each([
    ["failed", "fail"],
    ["cancelled", "cancel"],
    ["failed", "cancel"],
    ["cancelled", "fail"],
  ] as const)("a %s dataset gets no second refund from %s", async (state, transition) => {
    const dataset = await datasetIn(state);
    await TRANSITIONS[transition]!(dataset);
    expect(await creditsSpent(dataset.partnerId)).toBe(0);
  });

  it("fail of a dataset that does not exist changes nothing", async () => {
    expect(await failDataset(env, "ds_missing", { reason: "none" })).toBe(false);
  });
});

describe("dataset lifecycle: late results", () => {
  it.each(["queued", "running"] as const)("a result for a %s dataset is accepted", async (state) => {
    const dataset = await datasetIn(state);
    expect(thrownBy(() => refuseLateDatasetResult(dataset))).toBeNull();
  });

  it.each([
    ["succeeded", "job_finished"],
    ["failed", "job_finished"],
    ["cancelled", "job_cancelled"],
  ] as const)("a result for a %s dataset is refused with %s", async (state, code) => {
    const dataset = await datasetIn(state);
    expect(thrownBy(() => refuseLateDatasetResult(dataset))).toMatchObject({ status: 409, code });
  });
});
