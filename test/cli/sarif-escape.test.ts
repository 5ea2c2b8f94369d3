// Input-derived strings (kinds, names) in SARIF messages: escaped so that neither SARIF's embedded
// links in message.text nor Markdown in message.markdown (rendered here with markdown-it, HTML and
// linkify on, as GitHub Flavored Markdown would) turn them into links, emphasis or HTML.
// The hostile documents are self-generated.
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { markdownText, sarifText } from '../../src/cli/output/sarif-text.js';
import { sarifIn } from './sarif-github.js';

const md = new MarkdownIt({ html: true, linkify: true });
const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

const HOSTILE = `apiVersion: v1
kind: "[x](http://evil) *b* <img src=x> http://bare.example"
metadata:
  name: "[y](http://evil2)"
  namespace: agents
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: "[x](http://evil) \`c\` _d_ \\\\"
  namespace: agents
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 169.254.169.254/32
`;

/** `text` with SARIF's escapes removed; throws on an unescaped bracket (a possible embedded link). */
function unescapeSarif(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && '\\[]'.includes(text[i + 1] ?? '')) out += text[++i];
    else if (c === '[' || c === ']') throw new Error(`unescaped ${c} at ${i} in ${text}`);
    else out += c;
  }
  return out;
}

describe('messages from hostile names and kinds', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sarif-escape-')));
  writeFileSync(join(dir, 'evil.yaml'), HOSTILE);
  for (const mode of [[], ['--per-document']]) {
    // --strict-kinds: the hostile kind is an unsupported-kind error (audit skips unknown kinds without it).
    const log = sarifIn(dir, ['audit', ...mode, 'evil.yaml', '-o', 'sarif', '--strict-kinds']);
    const run = log.runs[0]!;
    const messages = [...run.results.map((r) => r.message), ...(run.invocations[0]!.toolExecutionNotifications ?? []).map((n) => n.message)];
    it(`escape SARIF links in message.text${mode.length ? ' (--per-document)' : ''}`, () => {
      const kind = run.results.find((r) => r.ruleId === 'unsupported-kind')!;
      expect(kind.message.text).toContain('\\[x\\](http://evil) *b*');
      expect(unescapeSarif(kind.message.text)).toContain('[x](http://evil) *b* <img src=x> http://bare.example agents/[y](http://evil2)');
      const named = run.results.filter((r) => r.properties.target.includes('`c`'));
      expect(named.length).toBeGreaterThan(0);
      for (const r of named) expect(unescapeSarif(r.message.text)).toContain('[x](http://evil) `c` _d_ \\');
      for (const m of messages) unescapeSarif(m.text);
    });
    it(`render message.markdown as the literal text: no link, emphasis, code or HTML${mode.length ? ' (--per-document)' : ''}`, () => {
      for (const m of messages) {
        const html = md.renderInline(m.markdown!);
        // The target is bold on purpose; nothing else is markup.
        const inner = html.replace(/^<strong>([\s\S]*?)<\/strong>/, '$1');
        expect(inner, m.markdown).not.toMatch(/<(?!\/?strong>)[a-z/]/i);
        expect(decode(inner)).toBe(unescapeSarif(m.text));
      }
    });
  }
});

describe('the escapes', () => {
  it('markdownText renders as its input, line breaks as spaces (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), (s) => {
        const literal = s.replace(/\r\n?|\n/g, ' ');
        // CommonMark trims a paragraph's outer spaces; inner ones are kept.
        fc.pre(literal === literal.trim() && !/\t|[\0-\x1f\x7f]/.test(literal));
        expect(decode(md.renderInline(markdownText(s)))).toBe(literal);
      }),
    );
    expect(decode(md.renderInline(markdownText('[x](http://evil)\n# h\n- l')))).toBe('[x](http://evil) # h - l');
  });
  it('sarifText escapes every backslash and bracket, and nothing else (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        expect(unescapeSarif(sarifText(s))).toBe(s);
        expect(sarifText(s).replace(/\\[\\[\]]/g, '')).not.toMatch(/[[\]\\]/);
      }),
    );
  });
});
