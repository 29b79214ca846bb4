/** Every op of the graph builder, as `op.<name>` from the ml barrel. */
export * from "./elementwise.js";
export * from "./reduce.js";
export * from "./shape.js";
export * from "./linalg.js";
export * from "./conv.js";
export * from "./resize.js";
export * from "./softmax.js";
export * from "./norm.js";
export * from "./activations.js";
export * from "./losses.js";
export * from "./attention.js";
export * from "./dropout.js";
