import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_SIZES } from "../../shared/api/index.js";
import { buildPage, demoSettings, hashedName } from "../../scripts/build-page.js";

describe("demo page build", () => {
  it("points index.html at content-hashed assets that exist", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "cxr-page-"));
    const built = await buildPage(out);
    const html = readFileSync(path.join(out, "index.html"), "utf8");
    for (const asset of [built.script, built.styles]) {
      expect(asset).toMatch(/^\/assets\/app\.[0-9a-f]{12}\.(js|css)$/);
      expect(html).toContain(`"${asset}"`);
      expect(existsSync(path.join(out, asset))).toBe(true);
    }
  });

  it("loads nothing from another origin", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "cxr-page-"));
    await buildPage(out);
    expect(readFileSync(path.join(out, "index.html"), "utf8")).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("ships a strict CSP and immutable caching for hashed assets", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "cxr-page-"));
    await buildPage(out);
    const headers = readFileSync(path.join(out, "_headers"), "utf8");
    expect(headers).toContain("Content-Security-Policy: default-src 'none'; script-src 'self'");
    expect(headers).toMatch(/\/assets\/\*\n\s+Cache-Control: public, max-age=31536000, immutable/);
  });

  it("renames an asset whenever its bytes change", () => {
    expect(hashedName("app", "js", "a")).not.toBe(hashedName("app", "js", "b"));
  });

  it("takes the sampler ranges from shared/api", () => {
    expect(demoSettings()).toMatchObject({ sizes: [...IMAGE_SIZES], defaults: { steps: 50 }, steps: { min: 1, max: 200 } });
  });
});
