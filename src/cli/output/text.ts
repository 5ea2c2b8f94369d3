/** Text output for people: aligned tables, colour on a terminal only. */
import type { Severity } from '../../index.js';

/** Rows as columns separated by two spaces; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

const COLOURS: Readonly<Record<Severity, string>> = Object.freeze({ error: '31;1', critical: '31;1', high: '31', medium: '33', low: '36', info: '2' });

/** Colour is for terminals only, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function useColour(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

/** Paints a severity word (already padded) when colour is on. */
export function paint(text: string, severity: Severity, colour: boolean): string {
  return colour ? `\u001b[${COLOURS[severity]}m${text}\u001b[0m` : text;
}
