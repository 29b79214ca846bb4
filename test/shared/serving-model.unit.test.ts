/** The serving model is one source of truth: wrangler.toml and the committed bundle agree with it. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVING_MODEL } from "../../shared/model/serving-model.js";

const repo = path.resolve(import.meta.dirname, "..", "..");
const bundle = path.join(repo, "models", SERVING_MODEL.name, SERVING_MODEL.version);

describe("SERVING_MODEL", () => {
  it("is what every wrangler.toml environment serves", () => {
    const toml = readFileSync(path.join(repo, "wrangler.toml"), "utf8");
    expect(toml.match(/^MODEL_NAME = "(.*)"$/gm)!.every((l) => l === `MODEL_NAME = "${SERVING_MODEL.name}"`)).toBe(true);
    expect(toml.match(/^MODEL_VERSION = "(.*)"$/gm)!.every((l) => l === `MODEL_VERSION = "${SERVING_MODEL.version}"`)).toBe(true);
  });

  it("is committed as a complete bundle named production", () => {
    expect(existsSync(path.join(bundle, "manifest.json"))).toBe(true);
    const alias = JSON.parse(readFileSync(path.join(repo, "models", SERVING_MODEL.name, "aliases", "production.json"), "utf8")) as { version: string };
    expect(alias.version).toBe(SERVING_MODEL.version);
  });

  it("generates exactly the sizes the edge accepts", () => {
    const config = JSON.parse(readFileSync(path.join(bundle, "config.json"), "utf8")) as { architecture: { size: number } };
    expect([config.architecture.size]).toEqual([...SERVING_MODEL.sizes]);
  });
});
