/** Checkpoints write through the jobs' one atomic-write helper (storage/atomic-file.ts). */
export { fsyncDir, writeFileAtomic, type BeforeRename, type WrittenFile } from "../../storage/atomic-file.js";
