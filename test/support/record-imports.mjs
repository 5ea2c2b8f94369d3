// A Node module-resolution hook that records every specifier the process resolves, so a test
// can prove what importing the library loads (and what it never loads).
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  process.stderr.write('RESOLVED ' + r.url + '\\n');
  return r;
}`));
