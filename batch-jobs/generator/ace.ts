/**
 * ACE — adaptive condition embeddings (CXRL): a bank of learnable tokens c_s selected by the
 * parsed report, one per CheXpert label (chosen by its status: positive, negative, uncertain,
 * not stated) plus one for the view (projection × patient position). The denoiser attends to them
 * with its own cross-attention weights in a separate softmax, and the result enters each block
 * through a zero-initialised gate, so a model with fresh ACE is exactly its anchor. The tokens are
 * the conditional branch's only: the null branch of classifier-free guidance sees none (ace_on = 0).
 * Trained by the RLCF fine-tune (group "ace"); absent from supervised models (architecture.ace).
 */
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { op, type GraphBuilder, type Tensor } from "../ml/index.js";
import type { Architecture } from "./config.js";
import { FIELD_SIZES, type ConditionCodes } from "./condition.js";

export const ACE_GROUP = "ace";
/** One token per label and one for the view. */
export const ACE_TOKENS = CHEXPERT_LABELS.length + 1;
const STATUSES = FIELD_SIZES.status;
const VIEW_ROWS = 4 * 4; // projection codes 0–3 × position codes 0–3 (condition.ts)
export const ACE_BANK_ROWS = CHEXPERT_LABELS.length * STATUSES + VIEW_ROWS;

/** Bank rows of one report's ACE tokens, from its condition codes. */
export function aceIds(codes: ConditionCodes): number[] {
  const ids = CHEXPERT_LABELS.map((_, i) => i * STATUSES + codes.status[i]!);
  const view = CHEXPERT_LABELS.length; // the view token's slot in the condition codes
  ids.push(CHEXPERT_LABELS.length * STATUSES + codes.status[view]! * 4 + codes.laterality[view]!);
  return ids;
}

export interface AceInputs {
  /** [B, ACE_TOKENS] int64 bank rows. */
  ids: Tensor;
  /** [B, 1, 1]: 1 on conditional rows, 0 on the null branch. */
  on: Tensor;
}

export function aceInputs(g: GraphBuilder, batch: number): AceInputs {
  return { ids: g.input("ace_ids", [batch, ACE_TOKENS], "int64"), on: g.input("ace_on", [batch, 1, 1]) };
}

/** The selected tokens [B, ACE_TOKENS, D] (bank initialised at the scale of the layer-normed context). */
export function aceTokens(g: GraphBuilder, a: Architecture, inp: AceInputs): Tensor {
  const bank = g.param("ace.bank", [ACE_BANK_ROWS, a.dim], { group: ACE_GROUP, init: { kind: "normal", std: 1 } });
  return op.gather(bank, inp.ids);
}

/**
 * Adam moves a parameter by about lr per update whatever its gradient, so a gate stored as γ/10
 * opens ten times faster than the LoRA weights move: a short fine-tune can still use ACE.
 */
const GATE_SCALE = 10;

/** Block i's gate, zero at initialisation, times ace_on: [B, 1, 1]. */
export function aceGate(g: GraphBuilder, block: number, inp: AceInputs): Tensor {
  const gate = g.param(`ace.gate.${block}`, [1], { group: ACE_GROUP, init: { kind: "zeros" } });
  return op.mul(op.mul(gate, GATE_SCALE), inp.on);
}
