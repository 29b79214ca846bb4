import { describe, expect, it } from "vitest";
import { CliError } from "../../cli/errors.js";
import { connection, DEFAULT_API_URL, integerFlag, parse } from "../../cli/options.js";

describe("CLI options", () => {
  it("takes the API URL and key from flags before the environment", () => {
    expect(connection({ "api-url": "http://a:1/", "api-key": "k1" }, { CXR_API_URL: "http://b:2", CXR_API_KEY: "k2" })).toEqual({ apiUrl: "http://a:1", apiKey: "k1" });
  });

  it("falls back to the environment, then to the local default", () => {
    expect(connection({}, { CXR_API_KEY: "k2" })).toEqual({ apiUrl: DEFAULT_API_URL, apiKey: "k2" });
  });

  it("refuses an API URL that is not http(s)", () => {
    expect(() => connection({ "api-url": "localhost:8787" }, {})).toThrow(CliError);
  });

  it("names the flag and range of a bad integer", () => {
    expect(() => integerFlag("seed", "-3", { min: 0, max: 10 })).toThrow('--seed must be an integer from 0 to 10, got "-3"');
  });

  it("turns an unknown flag into a usage error", () => {
    try {
      parse(["--sede", "3"], { seed: { type: "string" } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as CliError).message).toContain("--sede");
    }
  });
});
