/**
 * Shapes shared by the benchmark models and bench/engine/reference_torch.py (keep in sync: the
 * bench compares parameter counts with PyTorch's and refuses a ratio when they differ).
 */
export const IMAGE = 64; // 64×64 single-channel images
export const TEXT_TOKENS = 16; // text-condition tokens (stand-in for a frozen text encoder's output)
export const TEXT_DIM = 256; // width of each text token
export const TIME_DIM = 256; // sinusoidal timestep embedding, computed outside the model (an input)
