/** Encodes one dataset item into its image files (PNG and/or DICOM) at their layout paths. */
import type { ImageFormat } from "../../../shared/dataset/layout.js";
import { imagePath } from "../../../shared/dataset/layout.js";
import { generatorLabel } from "../../../shared/dataset/manifest.js";
import { encodeDicom } from "../images/dicom-write.js";
import { to8Bit } from "../images/gray-image.js";
import { encodeGrayPng } from "../images/png-encode.js";
import type { DatasetItem } from "./dataset-item.js";

export interface EncodedFile {
  format: ImageFormat;
  path: string;
  bytes: Uint8Array;
}

export function encodeItemFiles(item: DatasetItem, formats: readonly ImageFormat[], bitDepth: 8 | 16): EncodedFile[] {
  const pixels8 = bitDepth === 8 ? to8Bit(item.pixels) : null;
  return formats.map((format) => {
    const path = imagePath(item.ordinal, item.id, format);
    if (format === "png") {
      const text = {
        Description: `SYNTHETIC IMAGE - NOT FOR DIAGNOSIS. Dataset image ${item.id}, seed ${item.seed}.`,
        Software: generatorLabel(item.generator).replace(/[^\x20-\x7e]/g, "?"),
      };
      return { format, path, bytes: encodeGrayPng(item.width, item.height, pixels8 ?? item.pixels, bitDepth, text) };
    }
    const stored = pixels8 === null ? item.pixels : Uint16Array.from(pixels8);
    const p = item.posture;
    const comment = p === null ? undefined : `Posture sx=${p.sx.toFixed(4)} sy=${p.sy.toFixed(4)} tx=${p.tx.toFixed(4)} ty=${p.ty.toFixed(4)} theta=${p.theta.toFixed(4)}.`;
    const bytes = encodeDicom({
      id: item.id,
      width: item.width,
      height: item.height,
      pixels: stored,
      bitDepth,
      view: item.view,
      seed: item.seed,
      generator: item.generator,
      ...(comment === undefined ? {} : { comment }),
    });
    return { format, path, bytes };
  });
}
