import { afterEach, describe, expect, it, vi } from "vitest";
import { choiceOption, flagsOrExit, integerOption, numberOption, runScript, UsageError } from "../../../batch-jobs/cli/options.js";
import { RegistryError } from "../../../batch-jobs/registry/registry-error.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

describe("developer CLI flags", () => {
  it("integers: default when absent, the value when whole and in range, a UsageError naming the flag otherwise", () => {
    expect(integerOption("reports", undefined, 200, { min: 2, max: 1000 })).toBe(200);
    expect(integerOption("reports", "60", 200, { min: 2, max: 1000 })).toBe(60);
    for (const typo of ["abc", "6o", "1.5", "", "1e3", "1", "1001"]) {
      expect(() => integerOption("reports", typo, 200, { min: 2, max: 1000 })).toThrow(new UsageError(`--reports must be an integer from 2 to 1000, got "${typo}"`));
    }
    expect(() => integerOption("count", undefined, null, { min: 1, max: 9 })).toThrow("--count is required");
  });

  it("numbers accept decimals in range and refuse NaN, infinities and blanks", () => {
    expect(numberOption("guidance", "3.5", 4, { min: 0, max: 30 })).toBe(3.5);
    expect(numberOption("guidance", undefined, 4, { min: 0, max: 30 })).toBe(4);
    for (const typo of ["four", "Infinity", " ", "-1", "31"]) expect(() => numberOption("guidance", typo, 4, { min: 0, max: 30 })).toThrow(UsageError);
  });

  it("choices name the accepted values", () => {
    expect(choiceOption("split", "validation", "held-out", ["held-out", "validation"] as const)).toBe("validation");
    expect(() => choiceOption("split", "valid", "held-out", ["held-out", "validation"] as const)).toThrow('--split must be one of held-out, validation, got "valid"');
  });
});

describe("runScript", () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it("turns a user's mistake into one line, the usage and the usage exit code", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((l: string) => void errors.push(l));
    await runScript("npm run eval:x -- [--n 3]", async () => {
      integerOption("n", "three", 3, { min: 1, max: 9 });
    });
    expect(process.exitCode).toBe(EXIT.usage);
    expect(errors).toEqual(['--n must be an integer from 1 to 9, got "three"\nusage: npm run eval:x -- [--n 3]']);
  });

  it("prints a classified error's code and message, exiting with its class's code", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((l: string) => void errors.push(l));
    await runScript("u", async () => {
      throw new RegistryError("alias_not_set", 'model "judge-posture" has no production alias');
    });
    expect(process.exitCode).toBe(EXIT.inputMissing);
    expect(errors).toEqual(['error: alias_not_set: model "judge-posture" has no production alias']);
  });

  it("lets a bug through with its stack, classified as internal or not", async () => {
    await expect(runScript("u", async () => { throw new RegistryError("version_exists", "clash"); })).rejects.toThrow("clash");
    await expect(runScript("u", async () => { throw new TypeError("bug"); })).rejects.toThrow("bug");
    expect(process.exitCode).toBeUndefined();
  });

  it("flagsOrExit: the flags, or the usage and exit 64 for a top-level script", () => {
    expect(flagsOrExit("u", () => integerOption("n", "4", 3, { min: 1, max: 9 }))).toBe(4);
    vi.spyOn(console, "error").mockImplementation(() => {});
    const exit = vi.spyOn(process, "exit").mockImplementation(((code: number) => { throw new Error(`exit ${code}`); }) as never);
    expect(() => flagsOrExit("u", () => integerOption("n", "x", 3, { min: 1, max: 9 }))).toThrow(`exit ${EXIT.usage}`);
    expect(exit).toHaveBeenCalledWith(EXIT.usage);
  });
});
