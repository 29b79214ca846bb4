/**
 * What the tokenizer is learned from: simulator reports from a seed range of their own (never the
 * training pool's nor the held-out range) plus the report library's radiology lexicon, so words
 * radiologists use that the simulator never writes still get whole-word pieces.
 */
import { canonicalize } from "../../shared/report/index.js";
import { CHEST_VOCABULARY } from "../../shared/report/lexicon/chest-vocabulary.js";
import { OBSERVATION_PHRASES } from "../../shared/report/lexicon/observations.js";
import { phantomConfig, simulate } from "../data/phantom/index.js";
import type { TrainConfig } from "./config.js";
import { learnTokenizer, type Tokenizer } from "./tokenizer.js";

const TOKENIZER_SEED_BASE = 2_000_000_000;

export function radiologyLexicon(): string[] {
  const phrases = Object.values(OBSERVATION_PHRASES).flatMap((p) => p.mentions.filter((m) => !m.startsWith("re:")));
  return [...CHEST_VOCABULARY, ...phrases];
}

export function learnReportTokenizer(cfg: TrainConfig, extra: readonly string[] = []): Tokenizer {
  const sim = phantomConfig({ size: 64 });
  const corpus: string[] = [];
  for (let i = 0; i < cfg.tokenizerCorpus; i++) corpus.push(canonicalize(simulate(sim, TOKENIZER_SEED_BASE + i).report).text);
  for (const text of extra) corpus.push(canonicalize(text).text);
  const a = cfg.architecture;
  return learnTokenizer(corpus, radiologyLexicon(), { maxLength: a.maxTokens, vocabSize: a.vocabSize, minWordCount: 2 });
}
