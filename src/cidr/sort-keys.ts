/** Sorting of non-negative integer doubles, for the interval algebra's merges. */

const DIGIT_BITS = 13;
const DIGITS = 2 ** DIGIT_BITS;

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
  const count = new Uint32Array(DIGITS);
  for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
    const scale = 2 ** shift;
    count.fill(0);
    // Digits by division only: `%` on doubles beyond 32 bits is a slow fmod.
    for (let i = 0; i < n; i++) {
      const q = Math.floor(from[i]! / scale);
      count[q - Math.floor(q / DIGITS) * DIGITS]!++;
    }
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = from[i]!;
      const q = Math.floor(v / scale);
      to[count[q - Math.floor(q / DIGITS) * DIGITS]!++] = v;
    }
    [from, to] = [to, from];
  }
  return from;
}
