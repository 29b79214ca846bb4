/** One case per error family: the exit code a job failing with it ends with, and the code the edge is told. */
import { describe, expect, it } from "vitest";
import { classifyFailure } from "../../../batch-jobs/jobs/classify-failure.js";
import { JobError } from "../../../batch-jobs/jobs/job-error.js";
import { CheckpointError } from "../../../batch-jobs/ml/checkpoint/errors.js";
import { MlError } from "../../../batch-jobs/ml/graph/errors.js";
import { OptimError } from "../../../batch-jobs/ml/optim/errors.js";
import { TrainError } from "../../../batch-jobs/ml/train/errors.js";
import { PhantomConfigError } from "../../../batch-jobs/data/phantom/config.js";
import { RegistryError } from "../../../batch-jobs/registry/registry-error.js";
import { ObjectStoreError } from "../../../batch-jobs/storage/object-store.js";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { CallbackError } from "../../../shared/jobs/callback-client.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const aborted = () => {
  const c = new AbortController();
  c.abort();
  return c.signal;
};

describe("classifyFailure", () => {
  it("JobError: its own exit and code", () => {
    expect(classifyFailure(new JobError("invalidSpec", "unknown_config", "bad"))).toMatchObject({ exitCode: EXIT.invalidSpec, code: "unknown_config" });
  });

  it("RegistryError hash_mismatch: integrity (67)", () => {
    expect(classifyFailure(new RegistryError("hash_mismatch", "weights.onnx differs"))).toMatchObject({ exitCode: EXIT.integrity, code: "hash_mismatch" });
  });

  it("RegistryError version_not_found: input missing (66)", () => {
    expect(classifyFailure(new RegistryError("version_not_found", "no cxr/v9"))).toMatchObject({ exitCode: EXIT.inputMissing });
  });

  it("DatasetError sha256_mismatch: integrity (67)", () => {
    expect(classifyFailure(new DatasetError("sha256_mismatch", "images/a.png", "sha256 differs"))).toMatchObject({ exitCode: EXIT.integrity, code: "sha256_mismatch" });
  });

  it("DatasetError csv_malformed: data error (65)", () => {
    expect(classifyFailure(new DatasetError("csv_malformed", "labels.csv", "line 3"))).toMatchObject({ exitCode: EXIT.invalidSpec });
  });

  it("ObjectStoreError integrity: integrity (67)", () => {
    expect(classifyFailure(new ObjectStoreError("integrity", "bytes differ"))).toMatchObject({ exitCode: EXIT.integrity, code: "integrity" });
  });

  it("ObjectStoreError unavailable: transient (75), told as store_unavailable", () => {
    expect(classifyFailure(new ObjectStoreError("unavailable", "S3 down"))).toMatchObject({ exitCode: EXIT.transient, code: "store_unavailable" });
  });

  it("CallbackError transient: transient (75)", () => {
    expect(classifyFailure(new CallbackError("503", true))).toMatchObject({ exitCode: EXIT.transient, code: "callback_failed" });
  });

  it("CallbackError refused: internal (1)", () => {
    expect(classifyFailure(new CallbackError("401", false))).toMatchObject({ exitCode: EXIT.internal, code: "callback_failed" });
  });

  it("CheckpointError CHECKPOINT_HASH_MISMATCH: integrity (67)", () => {
    expect(classifyFailure(new CheckpointError("CHECKPOINT_HASH_MISMATCH", "corrupted"))).toMatchObject({ exitCode: EXIT.integrity, code: "CHECKPOINT_HASH_MISMATCH" });
  });

  it("TrainError TRAIN_RESUME_MISMATCH: spec error (65)", () => {
    expect(classifyFailure(new TrainError("TRAIN_RESUME_MISMATCH", "other seed"))).toMatchObject({ exitCode: EXIT.invalidSpec });
  });

  it("MlError ML_SHAPE: a bug (1)", () => {
    expect(classifyFailure(new MlError("ML_SHAPE", "[2,3] vs [3,2]"))).toMatchObject({ exitCode: EXIT.internal, code: "ML_SHAPE" });
  });

  it("OptimError OPTIM_BAD_STATE: integrity (67)", () => {
    expect(classifyFailure(new OptimError("OPTIM_BAD_STATE", "moments do not fit"))).toMatchObject({ exitCode: EXIT.integrity });
  });

  it("PhantomConfigError: spec error (65)", () => {
    expect(classifyFailure(new PhantomConfigError(["size: too small"]))).toMatchObject({ exitCode: EXIT.invalidSpec, code: "invalid_spec" });
  });

  it("anything else: a bug (1), code internal", () => {
    expect(classifyFailure(new TypeError("x is undefined"))).toMatchObject({ exitCode: EXIT.internal, code: "internal" });
  });

  it("an unexpected error while stopping on SIGTERM: terminated (143)", () => {
    expect(classifyFailure(new TypeError("session closed"), aborted())).toMatchObject({ exitCode: EXIT.terminated, code: "terminated" });
  });

  it("a classified error while stopping keeps its class", () => {
    expect(classifyFailure(new RegistryError("hash_mismatch", "x"), aborted())).toMatchObject({ exitCode: EXIT.integrity });
  });
});
