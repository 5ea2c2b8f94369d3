/** Sorting of non-negative integer doubles, for the interval algebra's merges. */

const DIGITS = 2 ** 13;

/** The 13-bit digit of `v` at `scale` (a power of 2^13), by division only: `%` on doubles beyond 32 bits is a slow fmod. */
function digit(v: number, scale: number): number {
  const q = Math.floor(v / scale);
  return q - Math.floor(q / DIGITS) * DIGITS;
}

/**
 * Sorts non-negative integer doubles below `2 ** bits`, ascending: for long lists an LSD radix sort
 * (13-bit digits, linear; 0.4-0.7x the native sort of doubles from 8,192 keys on), else the native sort.
 * May sort `keys` in place and returns the sorted array (`keys` or a fresh one).
 */
export function sortKeys(keys: Float64Array, bits: number): Float64Array {
  const n = keys.length;
  // Each pass costs a fixed 8,192-entry count besides its n steps: below these lengths (measured
  // on Node 20) the native sort is faster.
  if (n < (bits <= 39 ? 6144 : 12_288)) return keys.sort();
  let from: Float64Array = keys;
  let to: Float64Array = new Float64Array(n);
  for (let scale = 1; scale < 2 ** bits; scale *= DIGITS) {
    // count[d + 1] counts digit d; summed up, count[d] is where digit d's run starts.
    const count = new Uint32Array(DIGITS + 1);
    for (let i = 0; i < n; i++) count[digit(from[i]!, scale) + 1]!++;
    for (let d = 1; d < DIGITS; d++) count[d]! += count[d - 1]!;
    for (let i = 0; i < n; i++) to[count[digit(from[i]!, scale)]!++] = from[i]!;
    [from, to] = [to, from];
  }
  return from;
}
