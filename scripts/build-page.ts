/**
 * Builds the demo page (edge/page/) into dist/page/, the Worker's static-assets directory:
 * the TypeScript is bundled by esbuild, the script and the stylesheet get content-hashed names
 * under /assets/ (cached for a year, see edge/page/_headers) and index.html points at them.
 * `wrangler dev` and `wrangler deploy` run this first ([build] in wrangler.toml); vitest runs it
 * before workerd loads the config. Deterministic, and safe when two builds run at once: files are
 * written under a temporary name and renamed, and only files of an older build are removed.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writeFileAtomicAsync } from "../batch-jobs/fs/atomic-file.js";
import { SEED_RANGE } from "../shared/sampler/seed.js";
import { SAMPLER_DEFAULTS, STEPS_RANGE } from "../shared/sampler/settings.js";
import { IMAGE_SIZES } from "../shared/sampler/sizes.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "edge", "page");
export const PAGE_OUT_DIR = path.join(root, "dist", "page");

/** The sampler rules the page needs, from their one owner (shared/sampler). */
export function demoSettings() {
  return {
    sizes: [...IMAGE_SIZES],
    defaults: { seed: SAMPLER_DEFAULTS.seed, steps: SAMPLER_DEFAULTS.steps, size: SAMPLER_DEFAULTS.size },
    steps: { min: STEPS_RANGE.min, max: STEPS_RANGE.servedMax },
    seed: { min: SEED_RANGE.min, max: SEED_RANGE.max },
  };
}

/** `name.<first 12 hex of sha256>.ext`: a new name whenever the bytes change. */
export function hashedName(base: string, ext: string, bytes: string | Uint8Array): string {
  return `${base}.${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}.${ext}`;
}

/** Not fsynced: a lost build is simply run again. */
const writeAtomically = (file: string, contents: string): Promise<void> => writeFileAtomicAsync(file, contents, { durable: false });

export interface PageBuild {
  script: string;
  styles: string;
}

export async function buildPage(outDir: string = PAGE_OUT_DIR): Promise<PageBuild> {
  const bundle = await build({
    entryPoints: [path.join(source, "src", "main.ts")],
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    legalComments: "none",
    define: { __DEMO_SETTINGS__: JSON.stringify(demoSettings()) },
  });
  const js = bundle.outputFiles[0]!.text;
  const css = readFileSync(path.join(source, "styles.css"), "utf8");
  const names = { script: hashedName("app", "js", js), styles: hashedName("app", "css", css) };
  const assets = path.join(outDir, "assets");
  mkdirSync(assets, { recursive: true });
  await writeAtomically(path.join(assets, names.script), js);
  await writeAtomically(path.join(assets, names.styles), css);
  const html = readFileSync(path.join(source, "index.html"), "utf8").replace("{{script}}", `/assets/${names.script}`).replace("{{styles}}", `/assets/${names.styles}`);
  await writeAtomically(path.join(outDir, "index.html"), html);
  for (const file of ["_headers", "favicon.svg"]) await writeAtomically(path.join(outDir, file), readFileSync(path.join(source, file), "utf8"));
  for (const file of readdirSync(assets)) {
    if (file !== names.script && file !== names.styles && !file.endsWith(".tmp")) rmSync(path.join(assets, file), { force: true });
  }
  return { script: `/assets/${names.script}`, styles: `/assets/${names.styles}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPage().then(
    (built) => console.log(`demo page built into dist/page (${built.script}, ${built.styles})`),
    (err: unknown) => {
      console.error(`demo page build failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
