import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const SDKS = /^(botbuilder|botframework-|@microsoft\/microsoft-graph-client|@azure\/msal-node|restify)/;

describe('architecture', () => {
  // The Bot Framework SDK is archived: a move to the Teams SDK must touch only bot/.
  it('keeps botbuilder inside bot/', () => {
    const offenders = ['src', 'graph', 'tabs', 'emulator']
      .flatMap((d) => tsFiles(path.join(root, d)))
      .filter((f) => imports(f).some((i) => /^(botbuilder|botframework-)/.test(i)));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('keeps SDKs and restify out of domain code (src/ outside the server composition root)', () => {
    const offenders = tsFiles(path.join(root, 'src'))
      // src/server and src/cli are composition roots: they wire graph/ and bot/ in.
      .filter((f) => !/[/]src[/](server|cli)[/]/.test(f))
      .flatMap((f) =>
        imports(f)
          .filter((i) => SDKS.test(i) || /(^|\/)\.\.\/\.\.\/(bot|graph)(\/|$)/.test(i))
          .map((i) => `${path.relative(root, f)} -> ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in src/config', () => {
    const dirs = ['src', 'bot', 'graph'];
    const offenders = dirs
      .flatMap((d) => tsFiles(path.join(root, d)))
      .filter((f) => !f.includes(`${path.sep}src${path.sep}config${path.sep}`))
      .filter((f) => /process\.env/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  // Raw queries belong in a repository verb (src/store/repositories): use cases see narrow ports only.
  it('uses the store query builder and kysely only inside src/store', () => {
    const rawQuery = /\b(store|tx|trx)\.db\b|\.db\s*\.\s*(selectFrom|insertInto|updateTable|deleteFrom|with|schema)\b/;
    const offenders = ['src', 'bot', 'graph']
      .flatMap((d) => tsFiles(path.join(root, d)))
      .filter((f) => !f.includes(`${path.sep}src${path.sep}store${path.sep}`))
      .filter((f) => rawQuery.test(fs.readFileSync(f, 'utf8')) || imports(f).some((i) => i === 'kysely' || i.startsWith('kysely/')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  // Folders that must not depend on each other, in the direction named: each pair would close a cycle.
  // bot/ is an adapter src/server wires in; a CLI that needs the messenger gets it from src/server.
  it.each([
    ['bot', 'src/server'],
    ['bot', 'src/cli'],
    ['graph', 'src/server'],
    ['graph', 'src/cli'],
    ['src/cli', 'bot'],
    ['src/tabs-api', 'src/server'],
    ['src/ports', 'src/store'],
  ])('keeps %s free of imports from %s', (from, to) => {
    const target = path.join(root, to);
    const offenders = tsFiles(path.join(root, from)).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('.'))
        .filter((i) => {
          const resolved = path.resolve(path.dirname(f), i);
          return resolved === target || resolved.startsWith(target + path.sep);
        })
        .map((i) => `${path.relative(root, f)} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  // The tab API's shapes live once in src/tabs-api/contracts; the browser bundle takes their types only,
  // and of src/ it runs nothing but pure domain rules.
  it('lets tabs/ import only types from src/, apart from src/domain', () => {
    const src = path.join(root, 'src');
    const offenders = tsFiles(path.join(root, 'tabs')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/g)]
        .filter(([, , typeOnly, spec]) => {
          if (typeOnly || !spec!.startsWith('.')) return false;
          const resolved = path.resolve(path.dirname(f), spec!);
          return resolved.startsWith(src + path.sep) && !resolved.startsWith(path.join(src, 'domain') + path.sep);
        })
        .map(([, , , spec]) => `${path.relative(root, f)} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
