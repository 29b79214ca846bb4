/** Served by the Worker with a strict CSP and hashed, immutable assets; nothing from elsewhere; keyboard, labels, phone width. */
import { describe, expect, it } from "vitest";
import { screenshot, session, visit, EFFUSION } from "./session.js";

export function pageQualityCases(): void {
  describe("demo page: delivery and accessibility", () => {
    it("is served at / with a strict Content-Security-Policy", async () => {
      const res = await fetch(`${session.edgeUrl}/`);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    });

    it("serves its script and stylesheet under content-hashed names, cached for a year", async () => {
      const html = await (await fetch(`${session.edgeUrl}/`)).text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets).toHaveLength(2);
      for (const asset of assets) {
        expect(asset).toMatch(/\.[0-9a-f]{12}\.(js|css)$/);
        expect((await fetch(session.edgeUrl + asset)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      }
    });

    it("loads nothing from another origin and breaks no CSP rule", async () => {
      const violations: string[] = [];
      const { page, requests } = await visit({ before: async (p) => void p.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text())) });
      await page.getByRole("button", { name: "Left effusion" }).click();
      await page.locator(".chip").first().waitFor();
      expect(requests.filter((r) => !r.split(" ")[1]!.startsWith(session.edgeUrl))).toEqual([]);
      expect(violations).toEqual([]);
    });

    it("labels every form control", async () => {
      const { page } = await visit();
      for (const label of ["Chest X-ray report", "Size", "Seed", "Sampling steps", "Credits to buy"]) expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    });

    it("reaches the report, examples, settings and Generate with the keyboard, in order", async () => {
      const { page } = await visit();
      // Filled without focusing it, so Tab starts from the top of the page.
      await page.locator("#report").evaluate((box, report) => {
        (box as unknown as { value: string }).value = report;
        box.dispatchEvent(new Event("input"));
      }, EFFUSION);
      await page.locator(".chip").first().waitFor();
      const order: string[] = [];
      for (let i = 0; i < 11; i++) {
        await page.keyboard.press("Tab");
        order.push(await page.evaluate<string>('document.activeElement.id || document.activeElement.textContent.trim()'));
      }
      expect(order).toEqual(["Skip to the report box", "report", "Left effusion", "Normal chest", "Cardiomegaly and edema", "Pneumothorax", "size", "seed", "random-seed", "steps", "generate"]);
    });

    it("fits a phone-sized screen without sideways scrolling", async () => {
      const { page } = await visit({ width: 390 });
      await page.getByRole("button", { name: "Left effusion" }).click();
      await page.locator(".chip").first().waitFor();
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await screenshot(page, "demo-phone.png");
    });
  });
}
