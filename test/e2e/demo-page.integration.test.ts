/**
 * The demo page in real Chromium (Debian's package, driven by playwright-core) against
 * `wrangler dev` + the local runner: one platform and one browser for every case in
 * demo-page/*.cases.ts. The image cases need a generator: a probe generation decides, and they
 * skip with its reason while generations fail with not_implemented.
 * CXR_SCREENSHOT_DIR=docs/screenshots also writes the README's screenshots.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "./chromium.js";
import { generateCases } from "./demo-page/generate.cases.js";
import { messageCases } from "./demo-page/messages.cases.js";
import { pageQualityCases } from "./demo-page/page-quality.cases.js";
import { paymentCases } from "./demo-page/payments.cases.js";
import { reportBoxCases } from "./demo-page/report-box.cases.js";
import { ALLOWANCE, closePages, session } from "./demo-page/session.js";
import { probeGenerator, startDemoPlatform } from "./demo-platform.js";
import { stopAll } from "./e2e-harness.js";

beforeAll(async () => {
  ({ edgeUrl: session.edgeUrl } = await startDemoPlatform("demo-page", { DEMO_DAILY_ALLOWANCE: String(ALLOWANCE) }));
  session.browser = await launchChromium();
  session.generator = await probeGenerator(session.edgeUrl);
}, 400_000);

afterEach(closePages);

afterAll(async () => {
  await session.browser?.close();
  stopAll();
});

reportBoxCases();
generateCases();
messageCases();
paymentCases();
pageQualityCases();
