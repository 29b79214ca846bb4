export * from "./seed.js";
export * from "./formats.js";
export * from "./sizes.js";
export * from "./settings.js";
