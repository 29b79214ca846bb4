/**
 * CDK app entry: `npx aws-cdk@2 deploy --app "npx tsx infra/app.ts" -c stage=staging -c imageTag=<sha>`.
 * Synthesises offline (no AWS calls); see docs/deploy.md.
 */
import { App } from "aws-cdk-lib";
import { BatchStack } from "./batch-stack.js";
import { STAGES, type StageConfig } from "./config.js";

export function buildApp(app = new App()): App {
  const stage = String(app.node.tryGetContext("stage") ?? "staging");
  const config = STAGES[stage as StageConfig["stage"]];
  if (!config) throw new Error(`Unknown stage "${stage}": use -c stage=${Object.keys(STAGES).join("|")}`);
  const imageTag = String(app.node.tryGetContext("imageTag") ?? "latest");
  new BatchStack(app, `CxrBatch-${config.stage}`, {
    config,
    imageTag,
    env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
    description: `CXR synthesis platform: AWS Batch GPU jobs (${config.stage})`,
  });
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildApp().synth();
  } catch (err) {
    process.stderr.write(`infra: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
