// The part of markdown-it (a CommonMark renderer, here through typedoc) the SARIF escape tests use; it ships no types.
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean });
    renderInline(src: string): string;
  }
}
