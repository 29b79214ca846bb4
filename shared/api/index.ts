/** The sampler fields of the request bodies are shared/sampler's (one rule for the edge and the jobs). */
export * from "../sampler/index.js";
export * from "./generations.js";
export * from "./datasets.js";
export * from "./results.js";
export * from "./webhooks.js";
export * from "./demo.js";
export * from "./internal.js";
export * from "./partner.js";
