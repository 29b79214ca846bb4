import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../cli/main.js";
import { captureIo } from "../io.js";

const dir = mkdtempSync(path.join(tmpdir(), "cxr-create-"));
const file = path.join(dir, "reports.jsonl");
writeFileSync(file, ['"FINDINGS: Small left pleural effusion."', '"Called Dr. Jones at 555-123-4567. Clear lungs."', '"FINDINGS: Mild cardiomegaly."'].join("\n"));

describe("datasets create", () => {
  it("lists the bad line and sends nothing (exit 3)", async () => {
    let sent = 0;
    const io = captureIo({ env: { CXR_API_KEY: "cxr_a_b" }, fetch: (async () => (sent++, new Response("{}"))) as typeof fetch });
    expect(await runCli(["datasets", "create", "--file", file], io)).toBe(3);
    expect(sent).toBe(0);
    expect(io.err()).toContain(`${file}:2: report_contains_phi`);
  });

  it("sends one order with an idempotency key derived from the body", async () => {
    const headers: string[] = [];
    const fake = (async (_url: string, init: RequestInit) => {
      headers.push(new Headers(init.headers).get("idempotency-key") ?? "");
      return new Response(JSON.stringify({ id: "ds_1", progress: { total: 4 }, cost: { credits: 40 } }), { status: 202 });
    }) as unknown as typeof fetch;
    const io = captureIo({ env: { CXR_API_KEY: "cxr_a_b" }, fetch: fake });
    expect(await runCli(["datasets", "create", "--phantom", "4"], io)).toBe(0);
    expect(await runCli(["datasets", "create", "--phantom", "4"], io)).toBe(0);
    expect(headers[0]).toMatch(/^cli-[0-9a-f]{40}$/);
    expect(headers[1]).toBe(headers[0]);
  });

  it("needs exactly one source (exit 2)", async () => {
    expect(await runCli(["datasets", "create", "--phantom", "4", "--file", file], captureIo({ env: { CXR_API_KEY: "cxr_a_b" } }))).toBe(2);
  });
});
