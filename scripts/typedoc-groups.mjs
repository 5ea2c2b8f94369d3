// TypeDoc plugin: files the API reference by purpose instead of by TypeScript kind. The table
// docs/api-groups.json is the one place that says which export belongs where; an export missing from it is a
// documentation error (`npm run docs` treats warnings as errors), so every new export gets a home.
import { readFileSync } from 'node:fs';
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/** Group title -> the exports filed under it, in the order a reader meets them (docs/api-groups.json). */
export const API_GROUPS = JSON.parse(readFileSync(new URL('../docs/api-groups.json', import.meta.url), 'utf8'));

/** @param {import('typedoc').Application} app */
export function load(app) {
  const groupOf = new Map(Object.entries(API_GROUPS).flatMap(([group, names]) => names.map((name) => [name, group])));
  app.converter.on(
    Converter.EVENT_RESOLVE_BEGIN,
    (context) => {
      for (const reflection of context.project.getReflectionsByKind(ReflectionKind.Module | ReflectionKind.Project)) {
        for (const child of reflection.children ?? []) {
          if (child.kindOf(ReflectionKind.Module)) continue;
          const group = groupOf.get(child.name);
          if (!group) {
            app.logger.warn(`${child.name} is not in docs/api-groups.json: file it under a group`);
            continue;
          }
          child.comment ??= new Comment();
          child.comment.blockTags = child.comment.blockTags.filter((t) => t.tag !== '@group');
          child.comment.blockTags.push(new CommentTag('@group', [{ kind: 'text', text: group }]));
        }
      }
    },
    200,
  );
}
