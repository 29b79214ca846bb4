import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DatasetError } from "../../../../shared/dataset/errors.js";
import { decodeImageBytes, decodeImageFile } from "../../../../batch-jobs/data/images/decode-image.js";
import { encodeDicom } from "../../../../batch-jobs/data/images/dicom-write.js";
import { toUnitFloat } from "../../../../batch-jobs/data/images/gray-image.js";

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!(e instanceof DatasetError)) throw new Error(`expected a DatasetError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

describe("decodeImageFile", () => {
  it("sniffs PNG, JPEG and DICOM from the bytes, whatever the extension", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "decode-"));
    const rgb = await sharp({ create: { width: 5, height: 4, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
    await writeFile(path.join(dir, "a.png"), rgb); // a JPEG with a wrong extension
    const jpg = await decodeImageFile(path.join(dir, "a.png"));
    expect([jpg.width, jpg.height, jpg.bitDepth]).toEqual([5, 4, 8]);
    expect(Math.abs(jpg.pixels[0]! - 90)).toBeLessThanOrEqual(2);
    const dcm = encodeDicom({ id: "d", width: 3, height: 2, pixels: Uint16Array.of(0, 1, 2, 3, 4, 65535), bitDepth: 16, view: "AP", seed: 0, generator: { kind: "phantom", version: "t" } });
    await writeFile(path.join(dir, "b.bin"), dcm);
    const img = await decodeImageFile(path.join(dir, "b.bin"));
    expect(Array.from(img.pixels)).toEqual([0, 1, 2, 3, 4, 65535]);
    expect(Array.from(toUnitFloat(img)).at(-1)).toBe(1);
  });

  it("gives a coded error naming the file for each kind of bad input", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "decode-bad-"));
    const jpeg = await sharp(Buffer.alloc(64 * 64, 128), { raw: { width: 64, height: 64, channels: 1 } }).jpeg().toBuffer();
    const cases: Array<[string, Uint8Array, string]> = [
      ["cut.jpg", jpeg.subarray(0, jpeg.length / 2), "jpeg_invalid"],
      ["notes.txt", Buffer.from("just some text"), "image_format_unknown"],
      ["scan.dcm", Buffer.from("just some text"), "not_dicom"],
      ["fake.png", Buffer.from("just some text"), "png_invalid"],
    ];
    for (const [name, bytes, code] of cases) {
      await writeFile(path.join(dir, name), bytes);
      const e = await codeOf(decodeImageFile(path.join(dir, name)));
      expect(e.code, name).toBe(code);
      expect(e.message).toContain(path.join(dir, name));
    }
    expect((await codeOf(decodeImageFile(path.join(dir, "absent.png")))).code).toBe("file_missing");
    expect((await codeOf(decodeImageBytes(new Uint8Array(0), "empty.jpg"))).code).toBe("jpeg_invalid");
  });
});
