/**
 * The IPv4 address space laid out on a Hilbert curve: consecutive addresses stay neighbours on
 * the page, and every aligned CIDR block is a square (even prefix length) or a 2:1 rectangle (odd).
 */
import { formatV4 } from '../cidr/address.js';
import { v4RangesOf, type CidrSet } from '../cidr/cidr-set.js';
import { SandboxPolicyError } from '../errors.js';
import { COVERAGE_BY_CODE, readCidrSet, sweepV4, type Coverage } from './coverage.js';

/** The largest Hilbert order {@link hilbertMap} draws: 8, a 256x256 grid of /16 cells. */
export const MAX_HILBERT_ORDER = 8;

/** One cell of a {@link HilbertMap}: an aligned IPv4 CIDR and how much of it the set holds. */
export interface HilbertCell {
  /** Position along the curve, which is also the cell's rank in address order (0 holds 0.0.0.0). */
  readonly index: number;
  /** Column, 0 at the left. */
  readonly x: number;
  /** Row, 0 at the top. */
  readonly y: number;
  /** The cell's addresses, canonical (`8.8.0.0/16` at order 8). */
  readonly cidr: string;
  /** `full` when the set holds every address of `cidr`, `none` when it holds none, else `partial`. */
  readonly coverage: Coverage;
}

/**
 * A square of cells with one coverage: an aligned CIDR block drawn as one shape. Partial cells
 * are never grouped, so every block is either wholly in the set or wholly outside it (or a single
 * partial cell).
 */
export interface HilbertBlock {
  /** The block's addresses, canonical (`10.0.0.0/8`). */
  readonly cidr: string;
  /** Left column of the square. */
  readonly x: number;
  /** Top row of the square. */
  readonly y: number;
  /** Side of the square, in cells (a power of two). */
  readonly side: number;
  /** The coverage every cell of the block shares. */
  readonly coverage: Coverage;
}

/** The IPv4 map of a set: {@link hilbertMap}'s result. */
export interface HilbertMap {
  /** The Hilbert order: the grid is `2^order` cells a side. */
  readonly order: number;
  /** Cells per side, `2^order`. */
  readonly side: number;
  /** Prefix length of every cell, `2 * order` (16 at order 8). */
  readonly cellPrefix: number;
  /** Every cell, `4^order` of them, in address order (`cells[i].index === i`). */
  readonly cells: readonly HilbertCell[];
  /** The same cells merged into maximal aligned squares of equal coverage, in address order. */
  readonly blocks: readonly HilbertBlock[];
}

/**
 * The cell of the `2^order`-sided Hilbert curve at distance `d` along it (the classic iterative
 * d2xy: each pair of bits of `d` picks a quadrant, rotated and reflected so the path stays
 * continuous). At even orders, order 8 among them, the layout is that of the well-known IPv4
 * maps: the first row reads 0, 1, 14, 15, 16, 19, ... and the second 3, 2, 13, 12, 17, 18, ...
 * Internal.
 */
export function hilbertPoint(order: number, d: number): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let t = d;
  for (let s = 1; s < 2 ** order; s *= 2) {
    const rx = 1 & (t / 2);
    const ry = 1 & (t ^ rx);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const swap = x;
      x = y;
      y = swap;
    }
    x += s * rx;
    y += s * ry;
    t = Math.floor(t / 4);
  }
  return { x, y };
}

function checkOrder(order: unknown): number {
  if (order === undefined) return MAX_HILBERT_ORDER;
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0 || order > MAX_HILBERT_ORDER) {
    const got = typeof order === 'number' ? String(order) : typeof order;
    throw new SandboxPolicyError([{ path: 'order', message: `must be an integer from 0 to ${MAX_HILBERT_ORDER}, got ${got}` }]);
  }
  return order;
}

/** Groups the cells (in curve order) into maximal aligned squares of one non-partial coverage. */
function mergeBlocks(codes: Uint8Array, cells: readonly HilbertCell[], order: number): HilbertBlock[] {
  const blocks: HilbertBlock[] = [];
  const visit = (first: number, level: number): void => {
    const count = 4 ** level;
    const code = codes[first]!;
    let uniform = code !== 1 || level === 0;
    for (let i = first + 1; uniform && i < first + count; i++) uniform = codes[i] === code;
    if (uniform) {
      const side = 2 ** level;
      const cell = cells[first]!;
      blocks.push({
        cidr: `${formatV4(first * 2 ** (32 - 2 * order))}/${2 * (order - level)}`,
        x: cell.x - (cell.x % side),
        y: cell.y - (cell.y % side),
        side,
        coverage: COVERAGE_BY_CODE[code]!,
      });
      return;
    }
    for (let q = 0; q < 4; q++) visit(first + q * 4 ** (level - 1), level - 1);
  };
  visit(0, order);
  return blocks;
}

/**
 * The IPv4 space of a set drawn as a Hilbert curve: at order `n`, a `2^n`-by-`2^n` grid whose
 * cells are the `/2n` blocks in address order along the curve (order 8: 65,536 cells of a /16).
 * Each cell says whether the set holds all, some or none of it; `blocks` merges equal cells into
 * aligned squares, ready to draw. Coverage comes from one sweep over the set's sorted intervals.
 *
 * @param set - the addresses to draw, e.g. an audit's `egressReachable`. Its IPv6 part is ignored
 *   (see {@link ipv6Landmarks}).
 * @param order - the Hilbert order, an integer from 0 to 8 (default 8).
 * @returns a fresh map: `cells` in address order and the merged `blocks`.
 * @throws {@link SandboxPolicyError} naming `set` when it is not a CidrSet, or `order` when it is
 *   not an integer from 0 to 8.
 * @example
 * ```ts
 * const map = hilbertMap(CidrSet.from(['8.8.0.0/16', '10.0.0.0/9']));
 * map.cells[0x0808].cidr;      // '8.8.0.0/16'
 * map.cells[0x0808].coverage;  // 'full'
 * hilbertMap(CidrSet.from(['10.1.2.0/24'])).cells[0x0a01].coverage; // 'partial'
 * hilbertMap(CidrSet.EMPTY, 1).cells.map((c) => [c.x, c.y]);       // [[0, 0], [0, 1], [1, 1], [1, 0]]
 * ```
 */
export function hilbertMap(set: CidrSet, order: number = MAX_HILBERT_ORDER): HilbertMap {
  const n = checkOrder(order);
  const clean = readCidrSet(set, 'set');
  const cellBits = 32 - 2 * n;
  const codes = sweepV4(v4RangesOf(clean), cellBits);
  const cells: HilbertCell[] = new Array<HilbertCell>(codes.length);
  for (let d = 0; d < codes.length; d++) {
    const { x, y } = hilbertPoint(n, d);
    cells[d] = { index: d, x, y, cidr: `${formatV4(d * 2 ** cellBits)}/${2 * n}`, coverage: COVERAGE_BY_CODE[codes[d]!]! };
  }
  return { order: n, side: 2 ** n, cellPrefix: 2 * n, cells, blocks: mergeBlocks(codes, cells, n) };
}
