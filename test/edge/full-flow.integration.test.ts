import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contentKey } from "../../shared/keys/index.js";
import { parseReport } from "../../shared/report/index.js";
import { call, createPartner, json, partnerCredits, REPORT } from "./helpers/api.js";
import { RecordingBackend, runConsumer, uploadItem } from "./helpers/batch.js";

describe("request → queued → result upload → cached image → cache hit", () => {
  it("serves a second identical request from the cache with no new job", async () => {
    const partner = await createPartner({ credits: 100 });
    const request = { report: REPORT, seed: 42, steps: 30, guidance: 3.5, size: 64 };

    // 1. A cache miss is accepted and queued.
    const first = await call("/v1/generations", json(request, partner.auth));
    expect(first.status).toBe(202);
    const queued = (await first.json()) as { id: string; status: string; contentKey: string; findings: { labels: Record<string, number | null> } };
    expect(queued.status).toBe("queued");
    expect(queued.findings.labels["Pleural Effusion"]).toBe(1);
    const expectedKey = await contentKey({ canonical: parseReport(REPORT).canonical, modelVersion: env.MODEL_VERSION, seed: 42, sampler: { steps: 30, guidance: 3.5, size: 64 } });
    expect(queued.contentKey).toBe(expectedKey);
    expect(await partnerCredits(partner.id)).toBe(90); // 10 reserved for a GPU image

    // 2. The consumer submits exactly one job through the BatchBackend, even if the message is redelivered.
    const backend = new RecordingBackend();
    await runConsumer([{ type: "generation", generationId: queued.id }, { type: "generation", generationId: queued.id }], { backend });
    expect(backend.submitted).toHaveLength(1);
    const submitted = backend.submitted[0]!;
    expect(submitted.kind).toBe("generate");
    expect(submitted.spec).toMatchObject({ seed: 42, steps: 30, guidance: 3.5, size: 64, reports: [{ id: "r0", text: REPORT }] });
    const jobId = `job_${queued.id}`;
    expect(submitted.idempotencyToken).toBe(jobId);

    // 3. The batch side uploads the image over the signed internal API.
    const upload = await uploadItem(jobId, 0, { itemIndex: 0, seed: 42, contentKey: expectedKey, format: "png", modelVersion: env.MODEL_VERSION, quality: { consistency: 0.31 } });
    expect(upload.status).toBe(201);

    // 4. The generation is done, with its image URL and quality scores.
    const done = (await (await call(`/v1/generations/${queued.id}`, { headers: partner.auth })).json()) as { status: string; images: { png: string }; quality: Record<string, number> };
    expect(done.status).toBe("succeeded");
    expect(done.quality).toEqual({ consistency: 0.31 });
    const imagePath = new URL(done.images.png).pathname;
    expect(imagePath).toBe(`/images/${expectedKey}.png`);

    // 5. The image is served from R2 once, then from the Cache API.
    const miss = await call(imagePath);
    expect(miss.status).toBe(200);
    expect(miss.headers.get("content-type")).toBe("image/png");
    expect(miss.headers.get("x-cache")).toBe("MISS");
    expect(miss.headers.get("cache-control")).toContain("immutable");
    const bytes = new Uint8Array(await miss.arrayBuffer());
    const hit = await call(imagePath);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(new Uint8Array(await hit.arrayBuffer())).toEqual(bytes);

    // 6. The identical request is a cache hit: 200 at once, no new message or job, cheaper charge.
    const again = await call("/v1/generations", json(request, partner.auth));
    expect(again.status).toBe(200);
    const cached = (await again.json()) as { id: string; status: string; cached: boolean; images: { png: string } };
    expect(cached).toMatchObject({ status: "succeeded", cached: true });
    expect(cached.id).not.toBe(queued.id);
    expect(new URL(cached.images.png).pathname).toBe(imagePath);
    await runConsumer([{ type: "generation", generationId: cached.id }], { backend });
    expect(backend.submitted).toHaveLength(1);
    const jobs = await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE ref_id IN (?, ?)").bind(queued.id, cached.id).first<{ n: number }>();
    expect(jobs?.n).toBe(1);
    expect(await partnerCredits(partner.id)).toBe(89);
    const ledger = await env.DB.prepare("SELECT kind, credits FROM usage_ledger WHERE owner = ? ORDER BY id").bind(partner.id).all<{ kind: string; credits: number }>();
    expect(ledger.results).toEqual([{ kind: "generated", credits: 10 }, { kind: "cached", credits: 1 }]);
  });
});
