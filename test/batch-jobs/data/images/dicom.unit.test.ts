import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DatasetError } from "../../../../shared/dataset/errors.js";
import { createRng } from "../../../../shared/random.js";
import { decodeDicom } from "../../../../batch-jobs/data/images/dicom-read.js";
import { encodeDicom, type DicomImageInput } from "../../../../batch-jobs/data/images/dicom-write.js";
import { encapsulatedDicom, nativeDicom } from "./make-dicom.js";

function input(overrides: Partial<DicomImageInput> = {}): DicomImageInput {
  const width = 12, height = 9;
  const rng = createRng(5);
  const bitDepth = overrides.bitDepth ?? 16;
  return {
    id: "phantom-000042",
    width,
    height,
    pixels: Uint16Array.from({ length: width * height }, () => rng.int(2 ** bitDepth)),
    bitDepth,
    view: "PA",
    seed: 42,
    generator: { kind: "phantom", version: "1.2.3" },
    ...overrides,
  };
}

async function expectError(p: Promise<unknown>, code: string, file: string): Promise<DatasetError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DatasetError);
  expect((e as DatasetError).code).toBe(code);
  expect((e as DatasetError).file).toBe(file);
  return e as DatasetError;
}

/** Attributes of PS3.15 Table E.1-1 (Basic Application Level Confidentiality Profile) that identify a person, place or time. */
const IDENTIFYING_TAGS = [
  "PatientBirthDate", "PatientBirthTime", "PatientSex", "PatientAge", "PatientSize", "PatientWeight", "PatientAddress",
  "OtherPatientIDs", "OtherPatientNames", "PatientMotherBirthName", "PatientTelephoneNumbers", "MedicalRecordLocator",
  "EthnicGroup", "Occupation", "AdditionalPatientHistory", "PatientComments", "ReferringPhysicianName",
  "PerformingPhysicianName", "OperatorsName", "PhysiciansOfRecord", "NameOfPhysiciansReadingStudy", "InstitutionName",
  "InstitutionAddress", "InstitutionalDepartmentName", "StationName", "DeviceSerialNumber", "AccessionNumber", "StudyID",
  "StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate", "StudyTime", "SeriesTime", "AcquisitionTime", "ContentTime",
  "AcquisitionDateTime", "InstanceCreationDate", "RequestingPhysician", "IssuerOfPatientID",
];

describe("DICOM DX writer", () => {
  for (const bitDepth of [16, 8] as const) {
    it(`round-trips ${bitDepth}-bit pixels and the required tags through dcmjs`, async () => {
      const src = input({ bitDepth });
      const { image, tags, meta, transferSyntaxUid } = await decodeDicom(encodeDicom(src), "rt.dcm");
      expect(image).toEqual({ width: src.width, height: src.height, pixels: src.pixels, bitDepth });
      expect(transferSyntaxUid).toBe("1.2.840.10008.1.2.1");
      expect(meta).toMatchObject({ MediaStorageSOPClassUID: "1.2.840.10008.5.1.4.1.1.1.1", MediaStorageSOPInstanceUID: tags.SOPInstanceUID });
      expect(tags).toMatchObject({
        SOPClassUID: "1.2.840.10008.5.1.4.1.1.1.1",
        Modality: "DX",
        ViewPosition: "PA",
        PatientOrientation: ["L", "F"],
        BodyPartExamined: "CHEST",
        Rows: 9,
        Columns: 12,
        BitsAllocated: 16,
        BitsStored: bitDepth,
        HighBit: bitDepth - 1,
        PixelRepresentation: 0,
        SamplesPerPixel: 1,
        PhotometricInterpretation: "MONOCHROME2",
        BurnedInAnnotation: "NO",
        PresentationIntentType: "FOR PRESENTATION",
      });
      expect(tags.PixelSpacing).toEqual([Number((430 / 9).toPrecision(10)), Number((430 / 12).toPrecision(10))]);
      expect(String(tags.SeriesDescription)).toContain("SYNTHETIC");
      expect(String(tags.ImageComments)).toContain("SYNTHETIC");
    });
  }

  it("maps views to ViewPosition and PatientOrientation", async () => {
    const views = { PA: ["PA", ["L", "F"]], AP: ["AP", ["L", "F"]], lateral: ["LL", ["P", "F"]] } as const;
    for (const [view, [position, orientation]] of Object.entries(views)) {
      const { tags } = await decodeDicom(encodeDicom(input({ view: view as DicomImageInput["view"] })), "v.dcm");
      expect(tags.ViewPosition).toBe(position);
      expect(tags.PatientOrientation).toEqual(orientation);
    }
  });

  it("carries no patient identifiers: only the synthetic placeholders", async () => {
    const { tags } = await decodeDicom(encodeDicom(input()), "phi.dcm");
    expect(tags.PatientName).toEqual([{ Alphabetic: "SYNTHETIC^PHANTOM" }]);
    expect(tags.PatientID).toBe("phantom-000042");
    for (const name of IDENTIFYING_TAGS) {
      const v = tags[name];
      const empty = v === undefined || v === "" || (Array.isArray(v) && v.every((x) => x === "" || x === null));
      expect(empty, `${name} = ${JSON.stringify(v)}`).toBe(true);
    }
  });

  it("derives reproducible, valid 2.25 UIDs from seed, id and generator", async () => {
    const uids = async (i: DicomImageInput) => {
      const { tags } = await decodeDicom(encodeDicom(i), "u.dcm");
      return [tags.StudyInstanceUID, tags.SeriesInstanceUID, tags.SOPInstanceUID] as string[];
    };
    const a = await uids(input());
    expect(await uids(input())).toEqual(a);
    expect(new Set(a).size).toBe(3);
    for (const uid of a) expect(uid).toMatch(/^2\.25\.(0|[1-9]\d{0,38})$/);
    for (const uid of a) expect(uid.length).toBeLessThanOrEqual(64);
    const other = [await uids(input({ seed: 43 })), await uids(input({ id: "phantom-000043" })), await uids(input({ generator: { kind: "phantom", version: "1.2.4" } }))];
    for (const o of other) expect(o.some((u, i) => u === a[i])).toBe(false);
  });

  it("writes byte-identical files for identical input", () => {
    expect(encodeDicom(input()).equals(encodeDicom(input()))).toBe(true);
  });

  it("rejects pixels that do not fit the bit depth", () => {
    const bad = input({ bitDepth: 8 });
    bad.pixels[3] = 256;
    expect(() => encodeDicom(bad)).toThrow(/does not fit in 8 bits/);
  });
});

describe("DICOM reader", () => {
  it("decodes JPEG Baseline encapsulated pixel data", async () => {
    const raw = Buffer.from(Array.from({ length: 16 * 8 }, (_, i) => (i * 7) % 256));
    const jpeg = await sharp(raw, { raw: { width: 16, height: 8, channels: 1 } }).jpeg({ quality: 100 }).toBuffer();
    const { image } = await decodeDicom(encapsulatedDicom(16, 8, "1.2.840.10008.1.2.4.50", jpeg), "jpeg.dcm");
    expect(image.bitDepth).toBe(8);
    // Lossy at quality 100: within a few grey levels.
    image.pixels.forEach((v, i) => expect(Math.abs(v - raw[i]!)).toBeLessThanOrEqual(4));
  });

  it("reads implicit VR, 8-bit, 12-bit, signed and MONOCHROME1 native data", async () => {
    const base = { width: 3, height: 2, transferSyntaxUid: "1.2.840.10008.1.2", bitsAllocated: 16 as const, bitsStored: 12, signed: false, photometric: "MONOCHROME2" as const };
    const read = async (o: Partial<Parameters<typeof nativeDicom>[0]> & { samples: number[] }) => (await decodeDicom(nativeDicom({ ...base, ...o }), "n.dcm")).image;
    // 12 bits stored: bits above HighBit (here 0xF000 garbage) are masked off.
    expect(await read({ samples: [0, 1, 4095, 0xf000 | 7, 2048, 100] })).toMatchObject({ bitDepth: 12, pixels: Uint16Array.of(0, 1, 4095, 7, 2048, 100) });
    expect((await read({ bitsAllocated: 8, bitsStored: 8, transferSyntaxUid: "1.2.840.10008.1.2.1", samples: [0, 9, 255, 128, 1, 2] })).pixels).toEqual(Uint16Array.of(0, 9, 255, 128, 1, 2));
    // Signed 12-bit: -2048..2047 offset by 2048 to 0..4095.
    expect((await read({ signed: true, samples: [-2048, -1, 0, 1, 2047, 0] })).pixels).toEqual(Uint16Array.of(0, 2047, 2048, 2049, 4095, 2048));
    // MONOCHROME1 (0 = white) is inverted into MONOCHROME2.
    expect((await read({ photometric: "MONOCHROME1", samples: [0, 4095, 1, 2, 3, 4] })).pixels).toEqual(Uint16Array.of(4095, 0, 4094, 4093, 4092, 4091));
  });

  it("detects truncated implicit VR pixel data", async () => {
    const full = nativeDicom({ width: 8, height: 8, transferSyntaxUid: "1.2.840.10008.1.2", bitsAllocated: 16, bitsStored: 16, signed: false, photometric: "MONOCHROME2", samples: Array.from({ length: 64 }, (_, i) => i * 1000) });
    expect((await decodeDicom(full, "ok.dcm")).image.pixels[63]).toBe(63000);
    await expectError(decodeDicom(full.subarray(0, full.length - 10), "cut.dcm"), "dicom_invalid", "cut.dcm");
  });

  it("names an unsupported transfer syntax", async () => {
    const e = await expectError(decodeDicom(encapsulatedDicom(4, 4, "1.2.840.10008.1.2.4.90", Uint8Array.of(0xff, 0x4f, 0xff, 0x51)), "j2k.dcm"), "dicom_unsupported_transfer_syntax", "j2k.dcm");
    expect(e.message).toContain("1.2.840.10008.1.2.4.90 (JPEG 2000 Lossless)");
  });

  it("says when a file is not DICOM or is truncated", async () => {
    await expectError(decodeDicom(Buffer.alloc(300, 1), "x.dcm"), "not_dicom", "x.dcm");
    const full = encodeDicom(input());
    const e = await decodeDicom(full.subarray(0, full.length - 50), "cut.dcm").then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(DatasetError);
    expect(["dicom_invalid"]).toContain((e as DatasetError).code);
    expect((e as DatasetError).message).toContain("cut.dcm");
  });
});
