export * from "./common.js";
export * from "./generations.js";
export * from "./datasets.js";
export * from "./results.js";
export * from "./webhooks.js";
export * from "./demo.js";
export * from "./internal.js";
export * from "./partner.js";
