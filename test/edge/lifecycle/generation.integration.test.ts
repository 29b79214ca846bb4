/**
 * The generation state machine whole (edge/src/lifecycle/generation.ts): every transition from
 * every state, the money each moves, and replays that change nothing. Runs against D1.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EDGE_CONFIG } from "../../../edge/src/config.js";
import { deliverGeneration, dispatchGeneration, failGeneration, refuseLateGenerationResult, startGeneration } from "../../../edge/src/lifecycle/generation.js";
import { getGeneration, type Generation } from "../../../edge/src/storage/generations.js";
import { getJob } from "../../../edge/src/storage/jobs.js";
import { freshIp } from "../helpers/api.js";
import { creditsSpent, generationIn, ledgerOf, sumCredits, thrownBy, type GenerationState } from "../helpers/orders.js";

const FAILURE = { errorCode: "test_failure", errorMessage: "failed by the test" };
const PRICE = EDGE_CONFIG.creditsPerGeneratedImage;

const TRANSITIONS: Record<string, (g: Generation) => Promise<boolean>> = {
  dispatch: (g) => dispatchGeneration(env.DB, g.id, `job_${g.id}`),
  start: (g) => startGeneration(env.DB, g.id),
  deliver: (g) => deliverGeneration(env.DB, g),
  fail: (g) => failGeneration(env.DB, g, FAILURE),
};

// [transition, from, changed, status after]
const TABLE: Array<[string, GenerationState, boolean, GenerationState]> = [
  ["dispatch", "queued", true, "queued"],
  ["dispatch", "running", false, "running"],
  ["dispatch", "succeeded", false, "succeeded"],
  ["dispatch", "failed", false, "failed"],
  ["start", "queued", true, "running"],
  ["start", "running", false, "running"],
  ["start", "succeeded", false, "succeeded"],
  ["start", "failed", false, "failed"],
  ["deliver", "queued", true, "succeeded"],
  ["deliver", "running", true, "succeeded"],
  ["deliver", "succeeded", false, "succeeded"],
  ["deliver", "failed", false, "failed"],
  ["fail", "queued", true, "failed"],
  ["fail", "running", true, "failed"],
  ["fail", "succeeded", false, "succeeded"],
  ["fail", "failed", false, "failed"],
];

describe("generation lifecycle: transitions", () => {
  it.each(TABLE)("%s from %s: changed %s, then %s", async (transition, from, changed, after) => {
    const generation = await generationIn(from);
    expect(await TRANSITIONS[transition]!(generation)).toBe(changed);
    expect((await getGeneration(env.DB, generation.id))?.status).toBe(after);
  });

  it.each([
    ["start", "running"],
    ["deliver", "succeeded"],
    ["fail", "failed"],
  ] as const)("%s moves the job to %s", async (transition, jobStatus) => {
    const generation = await generationIn("queued");
    await TRANSITIONS[transition]!(generation);
    expect((await getJob(env.DB, `job_${generation.id}`))?.status).toBe(jobStatus);
  });

  it("dispatch records the job on the generation", async () => {
    const generation = await generationIn("queued");
    await dispatchGeneration(env.DB, generation.id, "job_recorded");
    expect((await getGeneration(env.DB, generation.id))?.jobId).toBe("job_recorded");
  });
});

describe("generation lifecycle: money", () => {
  it("submit reserves the price of GPU work", async () => {
    const generation = await generationIn("queued");
    expect(await creditsSpent(generation.owner)).toBe(PRICE);
  });

  it("a cache hit is reserved at the cached price and charged at once", async () => {
    const generation = await generationIn("succeeded", { cached: true });
    expect(generation.status).toBe("succeeded");
    expect(await ledgerOf(generation.owner)).toEqual([{ eventKey: `generation:${generation.id}`, kind: "cached", credits: EDGE_CONFIG.creditsPerCachedImage }]);
  });

  it("the demo reserves and is charged nothing", async () => {
    const generation = await generationIn("succeeded", { principal: { kind: "demo", clientIp: freshIp()["cf-connecting-ip"]! } });
    expect(generation.owner).toBe("demo");
    expect(generation.settings.creditsReserved).toBe(0);
  });

  it("deliver charges the reservation once, under the generation's ledger key", async () => {
    const generation = await generationIn("succeeded");
    expect(await ledgerOf(generation.owner)).toEqual([{ eventKey: `generation:${generation.id}`, kind: "generated", credits: PRICE }]);
    expect(await creditsSpent(generation.owner)).toBe(PRICE);
  });

  it.each(["queued", "running"] as const)("fail from %s refunds the whole reservation and charges nothing", async (from) => {
    const generation = await generationIn(from);
    await failGeneration(env.DB, generation, FAILURE);
    expect(await creditsSpent(generation.owner)).toBe(0);
    expect(await ledgerOf(generation.owner)).toEqual([]);
  });

  it.each(["succeeded", "failed"] as const)("what a %s generation paid is what its ledger says", async (state) => {
    const generation = await generationIn(state);
    expect(await creditsSpent(generation.owner)).toBe(sumCredits(await ledgerOf(generation.owner)));
  });
});

describe("generation lifecycle: replays change nothing", () => {
  it("a second deliver is not applied", async () => {
    const generation = await generationIn("succeeded");
    expect(await deliverGeneration(env.DB, generation)).toBe(false);
  });

  it("a second deliver charges nothing more", async () => {
    const generation = await generationIn("succeeded");
    await deliverGeneration(env.DB, generation);
    expect(await ledgerOf(generation.owner)).toHaveLength(1);
    expect(await creditsSpent(generation.owner)).toBe(PRICE);
  });

  it("a second fail refunds nothing more", async () => {
    const generation = await generationIn("failed");
    await failGeneration(env.DB, generation.id, FAILURE);
    expect(await creditsSpent(generation.owner)).toBe(0);
  });

  it("a fail after deliver neither refunds nor unsettles", async () => {
    const generation = await generationIn("succeeded");
    await failGeneration(env.DB, generation, FAILURE);
    expect(await creditsSpent(generation.owner)).toBe(PRICE);
  });

  it("fail of a generation that does not exist changes nothing", async () => {
    expect(await failGeneration(env.DB, "gen_missing", FAILURE)).toBe(false);
  });
});

describe("generation lifecycle: late results", () => {
  it.each(["queued", "running", "succeeded"] as const)("a result for a %s generation is accepted", async (state) => {
    const generation = await generationIn(state);
    expect(thrownBy(() => refuseLateGenerationResult(generation))).toBeNull();
  });

  it("a result for a failed generation is refused with job_finished", async () => {
    const generation = await generationIn("failed");
    expect(thrownBy(() => refuseLateGenerationResult(generation))).toMatchObject({ status: 409, code: "job_finished" });
  });
});
