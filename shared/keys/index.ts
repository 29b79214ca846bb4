export * from "./canonical-json.js";
export * from "./content-key.js";
