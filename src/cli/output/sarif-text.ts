/** Text for SARIF messages and rule help: input-derived strings escaped as SARIF and GitHub read them. */

/**
 * Plain SARIF message text (`message.text`): `\`, `[` and `]` escaped with a backslash, so that
 * no input-derived string becomes an embedded link (`[text](uri)` is a link in SARIF 2.1.0
 * plain-text messages, §3.11.6) or a reference to a related location.
 *
 * @returns `text` with every backslash and square bracket escaped.
 * @throws never.
 * @example
 * ```text
 * sarifText('[x](http://evil)') === '\\[x\\](http://evil)'
 * ```
 */
export function sarifText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

/**
 * A literal string inside Markdown (`message.markdown`, GitHub Flavored Markdown): every ASCII
 * punctuation character backslash-escaped (CommonMark lets any of them be escaped, and an escaped
 * `:`, `.` or `@` also stops GitHub's autolinking of `http://…`, `www.…` and e-mail addresses),
 * line breaks folded to spaces so that no input starts a block (heading, list, fence).
 *
 * @returns `text` that renders as itself: no link, emphasis, HTML or block structure.
 * @throws never.
 * @example
 * ```text
 * markdownText('[x](http://evil)') === '\\[x\\]\\(http\\:\\/\\/evil\\)'
 * ```
 */
export function markdownText(text: string): string {
  return text.replace(/\r\n?|\n|\u2028|\u2029/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * Markdown as plain text, for `help.text` (shown where Markdown is not rendered): links as
 * `text (url)`, autolinks bare, strong emphasis markers dropped.
 *
 * @returns the text a reader needs from `markdown`, without link and emphasis syntax.
 * @throws never.
 * @example
 * ```text
 * plainText('**Severity:** [docs](https://x.example/)') === 'Severity: docs (https://x.example/)'
 * ```
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1');
}
