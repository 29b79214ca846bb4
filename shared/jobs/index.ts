export * from "./kinds.js";
export * from "./exit-codes.js";
export * from "./sharding.js";
export * from "./events.js";
export * from "./backend.js";
export * from "./submit-validation.js";
