import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVICE_VERSION } from "../../shared/version.js";

describe("SERVICE_VERSION", () => {
  it("matches package.json, so /health reports the version that was released", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(SERVICE_VERSION).toBe(pkg.version);
  });
});
