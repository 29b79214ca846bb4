import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../cli/main.js";
import { signPayload } from "../../../shared/crypto/signature-header.js";
import { captureIo } from "../io.js";

const SECRET = "whsec_test";
const BODY = '{"id":"evt_1","type":"dataset.completed"}';
const NOW = 1_800_000_000;
const bodyFile = path.join(mkdtempSync(path.join(tmpdir(), "cxr-webhook-")), "body.json");
writeFileSync(bodyFile, BODY);

describe("webhooks verify", () => {
  it("accepts a valid signature (exit 0)", async () => {
    const io = captureIo({ now: NOW });
    const header = await signPayload(SECRET, BODY, NOW - 10);
    expect(await runCli(["webhooks", "verify", "--secret", SECRET, "--header", header, "--body-file", bodyFile], io)).toBe(0);
  });

  it("rejects a signature over other bytes (exit 7, signature_mismatch)", async () => {
    const io = captureIo({ now: NOW });
    const header = await signPayload(SECRET, `${BODY} `, NOW);
    expect(await runCli(["webhooks", "verify", "--secret", SECRET, "--header", header, "--body-file", bodyFile], io)).toBe(7);
    expect(io.err()).toContain("signature_mismatch");
  });

  it("rejects an old signature (exit 7, signature_stale)", async () => {
    const io = captureIo({ now: NOW });
    const header = await signPayload(SECRET, BODY, NOW - 301);
    expect(await runCli(["webhooks", "verify", "--header", header, "--body-file", bodyFile], { ...io, env: { CXR_WEBHOOK_SECRET: SECRET } })).toBe(7);
    expect(io.err()).toContain("signature_stale");
  });

  it("needs a secret (exit 2)", async () => {
    expect(await runCli(["webhooks", "verify", "--header", "t=1,v1=00", "--body-file", bodyFile], captureIo())).toBe(2);
  });
});
