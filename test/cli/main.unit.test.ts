import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.js";
import { captureIo } from "./io.js";

describe("cxr-synth entry point", () => {
  it("exits 2 for an unknown command", async () => {
    const io = captureIo();
    expect(await runCli(["datasets", "crate"], io)).toBe(2);
    expect(io.err()).toContain('unknown command "datasets crate"');
  });

  it("prints a command's help and exits 0", async () => {
    const io = captureIo();
    expect(await runCli(["datasets", "download", "--help"], io)).toBe(0);
    expect(io.out()).toContain("--verify-only");
  });

  it("asks for an API key in one line (exit 4) without a stack trace", async () => {
    const io = captureIo();
    expect(await runCli(["usage"], io)).toBe(4);
    expect(io.err().trim().split("\n")).toEqual([expect.stringContaining("CXR_API_KEY")]);
  });

  it("exits 1 with one line for an unexpected error", async () => {
    const io = captureIo({ env: { CXR_API_KEY: "cxr_a_b" }, fetch: (async () => new Response("not json", { status: 200 })) as typeof fetch });
    expect(await runCli(["usage"], io)).toBe(1);
    expect(io.err()).not.toContain("    at ");
  });
});
