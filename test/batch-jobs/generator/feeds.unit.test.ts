/** The context mask conditionFeeds builds for the denoiser (generator/feeds.ts): what each row may attend to. */
import { describe, expect, it } from "vitest";
import { TRAIN_CONFIGS } from "../../../batch-jobs/generator/config.js";
import { CONDITION_TOKENS, encodeCondition } from "../../../batch-jobs/generator/condition.js";
import { conditionFeeds, type EncodedReport } from "../../../batch-jobs/generator/feeds.js";
import { canonicalize } from "../../../shared/report/index.js";

const a = TRAIN_CONFIGS.tiny.architecture;
const textTokens = 5;
const row: EncodedReport = {
  ids: Array.from({ length: a.maxTokens }, (_, j) => (j < textTokens ? j + 10 : 0)),
  mask: Array.from({ length: a.maxTokens }, (_, j) => (j < textTokens ? 1 : 0)),
  codes: encodeCondition(canonicalize("Large left pleural effusion.").condition),
};
const visible = (keep: boolean, showText: boolean) => {
  const mask = conditionFeeds(a, [row], [{ keep, showText }])["ctx_mask"]!.data as Float32Array;
  return { condition: [...mask.subarray(0, CONDITION_TOKENS)].map((v) => v === 0), text: [...mask.subarray(CONDITION_TOKENS)].map((v) => v === 0) };
};

describe("conditionFeeds' context mask", () => {
  it("shows the condition tokens and the report's text tokens, and hides the padding", () => {
    const v = visible(true, true);
    expect(v.condition.every(Boolean)).toBe(true);
    expect(v.text).toEqual(row.mask.map((m) => m === 1));
  });

  it("with showText false (text dropout, the conditionOnly probe) hides every text token but keeps the condition", () => {
    const v = visible(true, false);
    expect(v.condition.every(Boolean)).toBe(true);
    expect(v.text.some(Boolean)).toBe(false);
  });
});
