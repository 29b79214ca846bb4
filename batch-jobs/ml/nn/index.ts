/** Layers: each takes the builder, a parameter-name prefix, its input(s) and options. */
export * from "./linear.js";
export * from "./lora.js";
export * from "./conv.js";
export * from "./norm.js";
export * from "./attention.js";
export * from "./mlp.js";
export * from "./embedding.js";
export * from "./dit-block.js";
export * from "./res-block.js";
