/**
 * Doc coverage of the public API: for each package, the functions and classes exported from its barrel
 * (src/index.ts; for the CLI package, src/main.ts) are resolved through re-exports with the TypeScript
 * compiler API, and each must carry a doc comment (/** ... *\/ on a declaration or an overload).
 * Exported constants holding a function (`export const f = (...) => ...`) count as functions.
 * Packages listed in ENFORCED must have no undocumented export, those in ENFORCED_EXCEPT_ERRORS none but
 * Error subclasses; the others are measured and reported
 * (console table and results/doc-coverage.json) so the numbers are visible until they reach zero.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const ENTRIES: Record<string, string> = {
  core: 'core/src/index.ts',
  mindsponge: 'mindsponge/src/index.ts',
  mindelec: 'mindelec/src/index.ts',
  datasets: 'datasets/src/index.ts',
  viz: 'viz/src/index.ts',
  cli: 'cli/src/main.ts',
};
/** Packages whose every exported function and class is documented (kept that way by this test). */
const ENFORCED = ['viz', 'cli', 'core', 'mindsponge', 'mindelec', 'datasets'];
/** Packages whose only undocumented exports are Error subclasses (kept that way by this test). */
const ENFORCED_EXCEPT_ERRORS: string[] = [];

interface Coverage {
  total: number;
  undocumented: string[];
  /** Of the undocumented: Error subclasses (their name and message usually say enough). */
  errorClasses: number;
  /** Of the undocumented: named in their file's header comment (documented there, but not where typedoc looks). */
  namedInHeader: number;
}

function isErrorClass(decl: ts.Declaration): boolean {
  return ts.isClassDeclaration(decl) && (decl.heritageClauses ?? []).some((h) => h.types.some((t) => /Error$/.test(t.expression.getText())));
}

function headerComment(sf: ts.SourceFile): string {
  const range = ts.getLeadingCommentRanges(sf.text, 0)?.[0];
  return range ? sf.text.slice(range.pos, range.end) : '';
}

function isFunctionLike(decl: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return true;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    let init: ts.Expression = decl.initializer;
    while (ts.isAsExpression(init) || ts.isParenthesizedExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    return ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init);
  }
  return false;
}

function hasDoc(decl: ts.Declaration): boolean {
  // JSDoc of a `const f = ...` sits on its VariableStatement.
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d) && (d.comment !== undefined || (d.tags?.length ?? 0) > 0));
}

function measure(): Record<string, Coverage> {
  const program = ts.createProgram(Object.values(ENTRIES).map((e) => join(ROOT, e)), {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true, types: [], noResolve: false,
  });
  const checker = program.getTypeChecker();
  const out: Record<string, Coverage> = {};
  for (const [pkg, entry] of Object.entries(ENTRIES)) {
    const file = program.getSourceFile(join(ROOT, entry));
    if (!file) throw new Error(`doc coverage: ${entry} is not in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const cov: Coverage = { total: 0, undocumented: [], errorClasses: 0, namedInHeader: 0 };
    for (const exported of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = (symbol.declarations ?? []).filter(isFunctionLike);
      if (decls.length === 0) continue;
      cov.total++;
      if (!decls.some(hasDoc)) {
        const d = decls[0]!;
        const sf = d.getSourceFile();
        const line = sf.getLineAndCharacterOfPosition(d.getStart()).line + 1;
        cov.undocumented.push(`${exported.name} (${relative(ROOT, sf.fileName)}:${line})`);
        if (isErrorClass(d)) cov.errorClasses++;
        else if (new RegExp(`\\b${symbol.name}\\b`).test(headerComment(sf))) cov.namedInHeader++;
      }
    }
    cov.undocumented.sort();
    out[pkg] = cov;
  }
  return out;
}

describe('doc coverage of exported functions and classes', () => {
  const coverage = measure();

  it('reports every package', () => {
    const rows = Object.entries(coverage).map(([pkg, c]) => ({ package: pkg, exported: c.total, undocumented: c.undocumented.length, 'of which Error classes': c.errorClasses, 'of which named in file header': c.namedInHeader, documented: `${c.total ? ((100 * (c.total - c.undocumented.length)) / c.total).toFixed(1) : '100.0'} %` }));
    console.table(rows);
    mkdirSync(join(ROOT, 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'results', 'doc-coverage.json'), JSON.stringify(coverage, null, 1) + '\n');
    for (const c of Object.values(coverage)) expect(c.total).toBeGreaterThan(0);
  });

  for (const pkg of ENFORCED_EXCEPT_ERRORS) {
    it(`${pkg}: every exported function and non-Error class has a doc comment`, () => {
      expect(coverage[pkg]!.undocumented.length - coverage[pkg]!.errorClasses, coverage[pkg]!.undocumented.join('\n')).toBe(0);
    });
  }

  for (const pkg of ENFORCED) {
    it(`${pkg}: every exported function and class has a doc comment`, () => {
      expect(coverage[pkg]!.undocumented).toEqual([]);
    });
  }
});
