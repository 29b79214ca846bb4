import { describe, expect, it } from "vitest";
import { samplerSettings } from "../../cli/sampler-flags.js";
import { IMAGE_SIZES } from "../../shared/api/index.js";

describe("sampler flags", () => {
  it("leaves absent settings to the API's defaults", () => {
    expect(samplerSettings({})).toEqual({});
  });

  it("parses the settings given", () => {
    expect(samplerSettings({ seed: "7", steps: "10", guidance: "2.5", size: String(IMAGE_SIZES[0]), format: "both" })).toEqual({ seed: 7, steps: 10, guidance: 2.5, size: IMAGE_SIZES[0], format: "both" });
  });

  it("refuses a size the serving model does not generate, naming the sizes it does", () => {
    expect(() => samplerSettings({ size: "100" })).toThrow(`--size must be ${IMAGE_SIZES.join(" or ")}, got "100"`);
  });

  it("refuses steps outside the API's range", () => {
    expect(() => samplerSettings({ steps: "0" })).toThrow("--steps must be an integer from 1 to 200");
  });
});
