/**
 * Sampler ranges and defaults, injected at build time from shared/api (the one owner of these
 * rules) by scripts/build-page.ts, so the page never bundles zod nor restates the numbers.
 */
export interface DemoSettings {
  sizes: number[];
  defaults: { seed: number; steps: number; size: number };
  steps: { min: number; max: number };
  seed: { min: number; max: number };
}

declare const __DEMO_SETTINGS__: DemoSettings;
export const DEMO_SETTINGS: DemoSettings = __DEMO_SETTINGS__;
