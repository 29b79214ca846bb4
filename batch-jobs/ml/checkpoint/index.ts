export { saveCheckpoint, loadCheckpoint, loadLatestCheckpoint, listCheckpoints, stepFolderName, WEIGHTS_FILE, OPTIMIZER_FILE, MANIFEST_FILE } from "./store.js";
export type { CheckpointInput, CheckpointRef, LoadedCheckpoint, LoadOptions, SaveOptions } from "./store.js";
export { encodeSafetensors, decodeSafetensors, type SafetensorsDtype, type TensorEntry } from "./safetensors.js";
export { writeFileAtomic, type WrittenFile } from "../../fs/atomic-file.js";
export { manifestSchema, CHECKPOINT_FORMAT, type CheckpointManifest } from "./manifest.js";
export { CheckpointError, type CheckpointErrorCode } from "./errors.js";
