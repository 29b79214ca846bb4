/** The report box: live chips, examples, and the PHI guard. */
import { describe, expect, it } from "vitest";
import { ALLOWANCE, PHI_REPORT, screenshot, visit } from "./session.js";

export function reportBoxCases(): void {
  describe("demo page: report box", () => {
    it("shows the parsed findings as chips while typing", async () => {
      const { page } = await visit();
      await page.getByLabel("Chest X-ray report").pressSequentially("FINDINGS: Small left pleural effusion. No pneumothorax.", { delay: 5 });
      const effusion = page.locator('.chip[data-label="Pleural Effusion"]');
      await effusion.waitFor();
      expect(await effusion.innerText()).toMatch(/Pleural Effusion\s*·?\s*present\s*·?\s*left\s*·?\s*small/);
      expect(await page.locator('.chip[data-label="Pneumothorax"]').getAttribute("data-status")).toBe("negative");
    });
  
    it("fills the box from an example and shows its view", async () => {
      const { page } = await visit();
      await page.getByRole("button", { name: "Cardiomegaly and edema" }).click();
      await page.locator('.chip[data-label="Cardiomegaly"]').waitFor();
      expect(await page.locator("#findings-view").innerText()).toContain("AP");
      await screenshot(page, "demo-desktop.png");
    });
  
    it("warns about PHI, highlights the spans, and sends no generation", async () => {
      const { page, requests } = await visit();
      await page.getByLabel("Chest X-ray report").fill(PHI_REPORT);
      await page.locator("#phi-warning").waitFor();
      expect(await page.locator("#phi-kinds").innerText()).toBe("a person's name and a date");
      expect(await page.locator("#report-highlights mark").allInnerTexts()).toEqual(expect.arrayContaining(["03/04/2021"]));
      expect(await page.getByRole("button", { name: "Generate image" }).isDisabled()).toBe(true);
      await page.getByLabel("Chest X-ray report").press("Control+Enter");
      await page.waitForTimeout(500);
      expect(requests.filter((r) => r.startsWith("POST") && r.includes("/v1/generations"))).toEqual([]);
      expect(await page.locator("#allowance-summary").innerText()).toContain(`${ALLOWANCE} of ${ALLOWANCE} free images left`);
    });
  });
}
