/**
 * Shared state of the demo-page browser cases: one platform and one Chromium for all of them
 * (started by demo-page.integration.test.ts), and a fresh visitor per case: a new page with its
 * own IP (CF-Connecting-IP), so free allowances do not leak between cases.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Browser } from "../chromium.js";
import type { GeneratorCapability } from "../demo-platform.js";

/** Small, so the exhausted-allowance case gets there in two requests. */
export const ALLOWANCE = 2;
export const EFFUSION = "FINDINGS: PA view. Small left pleural effusion. No pneumothorax.\nIMPRESSION: Small left effusion.";
export const PHI_REPORT = "FINDINGS: Patient John Smith seen on 03/04/2021. Small left pleural effusion.";

export const session = {
  edgeUrl: "",
  browser: undefined as unknown as Browser,
  generator: { available: false, reason: "not probed" } as GeneratorCapability,
};

let visitor = 0;
const open: Page[] = [];

export interface Visit {
  page: Page;
  ip: string;
  requests: string[];
}

/** A page for a new visitor, loaded, with every request it makes recorded. */
export async function visit(options: { width?: number; before?: (page: Page) => Promise<unknown> } = {}): Promise<Visit> {
  visitor++;
  const ip = `10.20.${Math.floor(visitor / 250)}.${visitor % 250}`;
  const page = await session.browser.context.newPage();
  open.push(page);
  await page.setExtraHTTPHeaders({ "cf-connecting-ip": ip });
  await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  await options.before?.(page);
  await page.goto(`${session.edgeUrl}/`);
  await expect.poll(() => page.locator("#allowance-summary").textContent()).toContain("free images left today");
  return { page, ip, requests };
}

export async function closePages(): Promise<void> {
  await Promise.all(open.splice(0).map((p) => p.close()));
}

/** Writes a screenshot when CXR_SCREENSHOT_DIR is set (how docs/screenshots/ is made). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CXR_SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.CXR_SCREENSHOT_DIR, name), fullPage: true });
}
