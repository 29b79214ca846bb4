/**
 * Graph inputs for the encoder: report tokens, condition codes, the CFG keep flag and the
 * context attention mask, built the same way for training batches and for sampling.
 */
import type { HostTensor, NamedTensors } from "../ml/index.js";
import type { ReportCondition } from "../../shared/report/types.js";
import type { Architecture } from "./config.js";
import { ACE_TOKENS, aceIds } from "./ace.js";
import type { PostureLike } from "../../shared/metrics/posture-error.js";
import { CONDITION_FIELDS, CONDITION_TOKENS, encodeCondition, encodePosture, POSTURE_FEATURES, type ConditionCodes } from "./condition.js";
import { contextLength } from "./graphs.js";
import type { Tokenizer } from "./tokenizer.js";

const MASKED = -1e9;

/** What the encoder needs of one report: computed once per report (cached by the film pool). */
export interface EncodedReport {
  ids: number[];
  mask: number[];
  codes: ConditionCodes;
}

export function encodeReport(tokenizer: Tokenizer, canonical: { text: string; condition: ReportCondition }): EncodedReport {
  const { ids, mask } = tokenizer.encode(canonical.text);
  return { ids, mask, codes: encodeCondition(canonical.condition) };
}

export interface RowOptions {
  /** false = the null condition (classifier-free guidance's unconditional branch). */
  keep: boolean;
  /** false = report text hidden from the denoiser (condition tokens only). */
  showText: boolean;
  /** The posture to draw (architectures with `posture`): the film's own in training; absent = upright, centred. */
  posture?: PostureLike;
}

/** Encoder feeds plus the denoiser's ctx_mask for a batch of rows. */
export function conditionFeeds(a: Architecture, rows: readonly EncodedReport[], options: readonly RowOptions[]): NamedTensors {
  const b = rows.length;
  const L = a.maxTokens;
  const S = contextLength(a);
  const ids = new BigInt64Array(b * L);
  const textMask = new Float32Array(b * L);
  const ctxMask = new Float32Array(b * S);
  const keep = new Float32Array(b);
  const codes = Object.fromEntries(CONDITION_FIELDS.map((f) => [f, new BigInt64Array(b * CONDITION_TOKENS)]));
  rows.forEach((row, r) => {
    const o = options[r]!;
    keep[r] = o.keep ? 1 : 0;
    for (let j = 0; j < L; j++) {
      ids[r * L + j] = BigInt(row.ids[j]!);
      textMask[r * L + j] = row.mask[j] ? 0 : MASKED;
      // The null row is one repeated token: nothing to hide. Otherwise hide padding (and the text if asked).
      ctxMask[r * S + CONDITION_TOKENS + j] = !o.keep || (row.mask[j] && o.showText) ? 0 : MASKED;
    }
    for (const f of CONDITION_FIELDS) row.codes[f].forEach((v, j) => (codes[f]![r * CONDITION_TOKENS + j] = BigInt(v)));
  });
  const t = <D extends Float32Array | BigInt64Array>(dims: number[], data: D): HostTensor<D> => ({ dims, data });
  return {
    ids: t([b, L], ids),
    text_mask: t([b, 1, 1, L], textMask),
    keep: t([b, 1, 1], keep),
    ctx_mask: t([b, 1, 1, S], ctxMask),
    ...Object.fromEntries(CONDITION_FIELDS.map((f) => [`cond_${f}`, t([b, CONDITION_TOKENS], codes[f]!)])),
    ...(a.posture ? { posture: t([b, POSTURE_FEATURES], Float32Array.from(options.flatMap((o) => encodePosture(o.posture)))) } : {}),
  };
}

/** The denoiser's ACE feeds (architectures with ACE): bank rows per report, on for conditional rows. */
export function aceFeeds(rows: readonly EncodedReport[], conditional: readonly boolean[]): NamedTensors {
  const ids = new BigInt64Array(rows.length * ACE_TOKENS);
  rows.forEach((row, r) => aceIds(row.codes).forEach((id, j) => (ids[r * ACE_TOKENS + j] = BigInt(id))));
  return {
    ace_ids: { dims: [rows.length, ACE_TOKENS], data: ids },
    ace_on: { dims: [rows.length, 1, 1], data: Float32Array.from(conditional, (c) => (c ? 1 : 0)) },
  };
}
