import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrSet, auditNetworkPolicy, hilbertMap, isSandboxPolicyError, networkPolicyFor, type HilbertMap } from '../../src/index.js';
import { hilbertPoint } from '../../src/address-map/hilbert.js';
import { baseTemplate } from '../helpers.js';

const v4Cidr = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
  .map(([addr, prefix]) => {
    const start = prefix === 0 ? 0 : (addr >>> (32 - prefix)) * 2 ** (32 - prefix);
    return `${start >>> 24}.${(start >>> 16) & 255}.${(start >>> 8) & 255}.${start & 255}/${prefix}`;
  });
// Sets with a mix of huge and tiny ranges, some subtracted, so cells of all three kinds occur.
const v4Set = fc
  .tuple(fc.array(v4Cidr, { maxLength: 12 }), fc.array(v4Cidr, { maxLength: 12 }))
  .map(([plus, minus]) => CidrSet.from(plus).subtract(CidrSet.from(minus)));

/** The property of the issue: full exactly when the set holds the CIDR, none exactly when it misses it. */
function expectAgreesWithSet(set: CidrSet, cells: ReadonlyArray<{ cidr: string; coverage: string }>): void {
  for (const cell of cells) {
    const range = CidrSet.from([cell.cidr]);
    expect(cell.coverage === 'full', cell.cidr).toBe(set.containsSet(range));
    expect(cell.coverage === 'none', cell.cidr).toBe(!set.overlaps(range));
  }
}

describe('hilbertMap', () => {
  it('cells agree with CidrSet at every order below 8 (property)', () => {
    fc.assert(
      fc.property(v4Set, fc.integer({ min: 0, max: 5 }), (set, order) => {
        const map = hilbertMap(set, order);
        expect(map.cells).toHaveLength(4 ** order);
        expectAgreesWithSet(set, map.cells);
      }),
      { numRuns: 60 },
    );
  });

  it('cells agree with CidrSet at order 8 (property, every one of the 65,536 cells)', () => {
    fc.assert(
      fc.property(v4Set, (set) => expectAgreesWithSet(set, hilbertMap(set).cells)),
      { numRuns: 4 },
    );
  });

  it('cells are the /2n blocks in address order', () => {
    const map = hilbertMap(CidrSet.EMPTY);
    expect([map.order, map.side, map.cellPrefix]).toEqual([8, 256, 16]);
    expect(map.cells[0]!.cidr).toBe('0.0.0.0/16');
    expect(map.cells[0x0808]!.cidr).toBe('8.8.0.0/16');
    expect(map.cells[65535]!.cidr).toBe('255.255.0.0/16');
    expect(map.cells.every((c, i) => c.index === i && c.coverage === 'none')).toBe(true);
    expect(hilbertMap(CidrSet.all(4), 0).cells).toEqual([{ index: 0, x: 0, y: 0, cidr: '0.0.0.0/0', coverage: 'full' }]);
  });

  it("draws the controller's default policy: private space denied, the internet and the metadata range reachable", () => {
    const reachable = auditNetworkPolicy(networkPolicyFor(baseTemplate())).egressReachable;
    const map = hilbertMap(reachable);
    const at = (cidr: string) => map.cells.find((c) => c.cidr === cidr)!.coverage;
    expect(at('10.0.0.0/16')).toBe('none');
    expect(at('169.254.0.0/16')).toBe('none');
    expect(at('192.168.0.0/16')).toBe('none');
    expect(at('8.8.0.0/16')).toBe('full');
    expect(at('100.100.0.0/16')).toBe('full');
    expect(map.cells.some((c) => c.coverage === 'partial')).toBe(false);
    expect(hilbertMap(CidrSet.from(['0.0.0.0/0']).subtract(CidrSet.from(['100.100.100.200/32']))).cells[0x6464]!.coverage).toBe('partial');
  });

  it('ignores the IPv6 part of the set', () => {
    expect(hilbertMap(CidrSet.from(['::/0']), 3).cells.every((c) => c.coverage === 'none')).toBe(true);
  });

  it('gives fresh results: two calls share no objects', () => {
    const set = CidrSet.from(['8.0.0.0/8']);
    const a = hilbertMap(set, 2);
    const b = hilbertMap(set, 2);
    expect(a).toEqual(b);
    expect(a.cells[0]).not.toBe(b.cells[0]);
    expect(a.blocks).not.toBe(b.blocks);
  });
});

describe('hilbertMap blocks', () => {
  const cellsOfBlock = (map: HilbertMap, block: HilbertMap['blocks'][number]) =>
    map.cells.filter((c) => c.x >= block.x && c.x < block.x + block.side && c.y >= block.y && c.y < block.y + block.side);

  it('tile the grid exactly once, each block a CIDR whose cells share its coverage and agree with the set (property)', () => {
    fc.assert(
      fc.property(v4Set, fc.integer({ min: 0, max: 5 }), (set, order) => {
        const map = hilbertMap(set, order);
        let area = 0;
        const seen = new Set<number>();
        for (const block of map.blocks) {
          area += block.side ** 2;
          const inside = cellsOfBlock(map, block);
          expect(inside).toHaveLength(block.side ** 2);
          for (const c of inside) {
            expect(seen.has(c.index)).toBe(false);
            seen.add(c.index);
            expect(c.coverage).toBe(block.coverage);
          }
          // The square's cells are exactly the block's CIDR.
          expect(CidrSet.from(inside.map((c) => c.cidr)).equals(CidrSet.from([block.cidr]))).toBe(true);
          if (block.coverage === 'partial') expect(block.side).toBe(1);
        }
        expect(area).toBe(4 ** order);
        expectAgreesWithSet(set, map.blocks);
      }),
      { numRuns: 60 },
    );
  });

  it('are maximal: four sibling squares of one coverage are always merged', () => {
    const map = hilbertMap(CidrSet.from(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/4']), 4);
    expect(map.blocks.map((b) => `${b.cidr} ${b.coverage}`)).toEqual([
      '0.0.0.0/2 full',
      '64.0.0.0/2 full',
      '128.0.0.0/2 full',
      '192.0.0.0/4 full',
      '208.0.0.0/4 none',
      '224.0.0.0/4 none',
      '240.0.0.0/4 none',
    ]);
    expect(hilbertMap(CidrSet.all(4)).blocks).toEqual([{ cidr: '0.0.0.0/0', x: 0, y: 0, side: 256, coverage: 'full' }]);
  });
});

describe('Hilbert curve (d2xy)', () => {
  it('order 1 is the U-shaped base pattern', () => {
    expect([0, 1, 2, 3].map((d) => hilbertPoint(1, d))).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: 1, y: 0 },
    ]);
  });

  it('even orders are laid out like the well-known IPv4 maps (first rows 0 1 14 15 16 19 / 3 2 13 12 17 18)', () => {
    const at = (x: number, y: number) => Array.from({ length: 256 }, (_, d) => d).find((d) => { const p = hilbertPoint(4, d); return p.x === x && p.y === y; });
    expect([0, 1, 2, 3, 4, 5].map((x) => at(x, 0))).toEqual([0, 1, 14, 15, 16, 19]);
    expect([0, 1, 2, 3, 4, 5].map((x) => at(x, 1))).toEqual([3, 2, 13, 12, 17, 18]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('order %i: consecutive positions are neighbouring cells, and every cell is visited once', (order) => {
    const side = 2 ** order;
    const seen = new Uint8Array(side * side);
    let previous = hilbertPoint(order, 0);
    seen[previous.y * side + previous.x] = 1;
    for (let d = 1; d < side * side; d++) {
      const p = hilbertPoint(order, d);
      expect(p.x >= 0 && p.x < side && p.y >= 0 && p.y < side).toBe(true);
      if (Math.abs(p.x - previous.x) + Math.abs(p.y - previous.y) !== 1) expect.fail(`d=${d - 1}..${d} jump ${JSON.stringify([previous, p])}`);
      expect(seen[p.y * side + p.x]).toBe(0);
      seen[p.y * side + p.x] = 1;
      previous = p;
    }
  });

  it('aligned runs of 4^k positions fill a 2^k square (so every even-prefix CIDR is a square)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((order) => fc.tuple(fc.constant(order), fc.integer({ min: 0, max: order }), fc.nat())), ([order, k, r]) => {
        const count = 4 ** k;
        const first = (r % 4 ** (order - k)) * count;
        const points = Array.from({ length: count }, (_, i) => hilbertPoint(order, first + i));
        const xs = points.map((p) => p.x);
        const ys = points.map((p) => p.y);
        expect(Math.max(...xs) - Math.min(...xs) + 1).toBe(2 ** k);
        expect(Math.max(...ys) - Math.min(...ys) + 1).toBe(2 ** k);
        expect(Math.min(...xs) % 2 ** k).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe('hilbertMap input', () => {
  const throwing = new Proxy(CidrSet.from(['10.0.0.0/8']), {
    get() {
      throw new Error('trap');
    },
  });
  // Objects that pass `instanceof CidrSet` without being sets (own v4/v6 data properties shadow the getters).
  const lookalikeSet = (v4: unknown): object =>
    Object.create(CidrSet.prototype, { v4: { value: v4, enumerable: true }, v6: { value: [], enumerable: true } }) as object;
  const lookalike = lookalikeSet([[5n, 1n]]);
  const unsorted = lookalikeSet([[10n, 20n], [0n, 1n]]);
  const outOfRange = lookalikeSet([[0n, 2n ** 32n]]);
  const numbers = lookalikeSet([[0, 5]]);
  const withProto = JSON.parse('{"__proto__": {"v4": []}, "v4": [], "v6": []}') as unknown;

  it.each([
    ['null', null],
    ['a CIDR list', ['10.0.0.0/8']],
    ['a plain object', { v4: [], v6: [] }],
    ['an own __proto__ key', withProto],
    ['a proxy whose traps throw', throwing],
    ['a look-alike with a reversed interval', lookalike],
    ['a look-alike with unsorted intervals', unsorted],
    ['a look-alike beyond 32 bits', outOfRange],
    ['a look-alike with numbers', numbers],
    ['a BigInt', 10n],
    ['a set whose getter throws a throwing proxy', Object.defineProperty(Object.create(CidrSet.prototype) as object, 'v4', { get: () => { throw new Proxy({}, { getPrototypeOf: () => { throw new Error('no'); } }); } })],
  ])('rejects %s with a SandboxPolicyError naming set', (_, value) => {
    const err = (() => {
      try {
        hilbertMap(value as CidrSet, 2);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isSandboxPolicyError(err)).toBe(true);
    expect((err as { issues: Array<{ path: string }> }).issues[0]!.path).toBe('set');
  });

  it.each([[-1], [9], [1.5], [Number.NaN], ['8'], [8n], [null]])('rejects order %s with a SandboxPolicyError naming order', (order) => {
    expect(() => hilbertMap(CidrSet.EMPTY, order as number)).toThrow(expect.objectContaining({ name: 'SandboxPolicyError', issues: [expect.objectContaining({ path: 'order' })] }));
  });
});
