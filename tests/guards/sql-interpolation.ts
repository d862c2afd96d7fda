/**
 * Finds SQL strings in product code that interpolate a value which is not a constant: the
 * guard behind "values are bound, never written into SQL" (sql-interpolation.test.ts).
 *
 * A template literal is SQL when it is the first argument of a knex raw call (`raw`,
 * `whereRaw`…) or when its text reads as SQL (upper-case keywords, PostGIS functions). Each
 * `${…}` in it must have a literal type for the type checker: a string or number literal, or
 * a union of them (`'sites' | 's'`, `cond ? 'WHERE published' : ''`), i.e. a value fixed by the
 * code, never by input. Anything else is a finding unless allow-listed with its reason.
 */
import path from 'node:path';
import ts from 'typescript';

export interface Finding {
  /** Path relative to `root`, with forward slashes. */
  file: string;
  line: number;
  /** The interpolated expression's source text. */
  expr: string;
}

const RAW_CALLS = new Set([
  'raw',
  'whereRaw',
  'orWhereRaw',
  'andWhereRaw',
  'havingRaw',
  'orderByRaw',
  'groupByRaw',
  'joinRaw',
  'fromRaw',
]);
/** Text that reads as SQL: an upper-case keyword pair or a PostGIS call. */
const SQL_TEXT =
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|FROM|JOIN|GROUP BY|ORDER BY|CASE WHEN|RETURNING)\b|\bST_[A-Za-z]+\(/;

const LITERAL =
  ts.TypeFlags.StringLiteral |
  ts.TypeFlags.NumberLiteral |
  ts.TypeFlags.BooleanLiteral |
  ts.TypeFlags.EnumLiteral;

function isConstantType(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isConstantType);
  return (type.flags & LITERAL) !== 0;
}

/** An UPPER_CASE `const` (of this file or imported): a value the code fixes at load time. */
function isUpperCaseConst(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!ts.isIdentifier(expr) || !/^[A-Z][A-Z0-9_]*$/.test(expr.text)) return false;
  let symbol = checker.getSymbolAtLocation(expr);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  return (
    !!decl &&
    ts.isVariableDeclaration(decl) &&
    ts.isVariableDeclarationList(decl.parent) &&
    (decl.parent.flags & ts.NodeFlags.Const) !== 0
  );
}

const isFragmentType = (type: ts.Type) =>
  type.getProperty('sql') !== undefined && type.getProperty('bindings') !== undefined;

/**
 * A fragment `{ sql, bindings }` (spliced by a tag such as matching's `sql`, which carries its
 * bindings along) or `x.sql` of one: its values are bound, its text built under this same rule.
 */
function isFragment(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  if (isFragmentType(checker.getTypeAtLocation(expr))) return true;
  return (
    ts.isPropertyAccessExpression(expr) &&
    expr.name.text === 'sql' &&
    isFragmentType(checker.getTypeAtLocation(expr.expression))
  );
}

/** `quoteIdent(x)`: an identifier quoted by the code's own quoting (`"` doubled), never a value. */
const isQuotedIdentifier = (expr: ts.Expression) =>
  ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'quoteIdent';

/**
 * Constant for this guard: a literal type (or a union of them), an UPPER_CASE const, a
 * fragment's SQL, or a number (digits cannot carry SQL; its range is the caller's concern).
 */
function isConstant(expr: ts.Expression, checker: ts.TypeChecker, depth = 0): boolean {
  const type = checker.getTypeAtLocation(expr);
  if (isConstantType(type)) return true;
  if (type.flags & ts.TypeFlags.Number) return true;
  if (isUpperCaseConst(expr, checker) || isFragment(expr, checker) || isQuotedIdentifier(expr)) return true;
  return depth < 4 && isBuiltFromConstants(expr, checker, depth + 1);
}

/**
 * Text the code assembles from constants: a template whose every `${…}` is constant, either
 * branch of a condition, `a + b`, or a local `const` initialised so (`const q = alias ? … : ''`).
 */
function isBuiltFromConstants(expr: ts.Expression, checker: ts.TypeChecker, depth: number): boolean {
  if (ts.isParenthesizedExpression(expr)) return isConstant(expr.expression, checker, depth);
  if (ts.isTemplateExpression(expr))
    return expr.templateSpans.every((s) => isConstant(s.expression, checker, depth));
  if (ts.isConditionalExpression(expr))
    return isConstant(expr.whenTrue, checker, depth) && isConstant(expr.whenFalse, checker, depth);
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isConstant(expr.left, checker, depth) && isConstant(expr.right, checker, depth);
  if (!ts.isIdentifier(expr)) return false;
  const decl = checker.getSymbolAtLocation(expr)?.valueDeclaration;
  return (
    !!decl &&
    ts.isVariableDeclaration(decl) &&
    !!decl.initializer &&
    ts.isVariableDeclarationList(decl.parent) &&
    (decl.parent.flags & ts.NodeFlags.Const) !== 0 &&
    isConstant(decl.initializer, checker, depth)
  );
}

function isRawCallArgument(node: ts.TemplateExpression): boolean {
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && RAW_CALLS.has(callee.name.text);
}

function readsAsSql(node: ts.TemplateExpression): boolean {
  const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return SQL_TEXT.test(text);
}

/** Interpolations of non-constant values into SQL strings in `files` (absolute paths). */
export function findSqlInterpolations(files: readonly string[], root: string): Finding[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`not read: ${file}`);
    const visit = (node: ts.Node): void => {
      if (ts.isTemplateExpression(node) && (isRawCallArgument(node) || readsAsSql(node))) {
        for (const span of node.templateSpans) {
          if (isConstant(span.expression, checker)) continue;
          findings.push({
            file: path.relative(root, file).split(path.sep).join('/'),
            line: source.getLineAndCharacterOfPosition(span.expression.getStart(source)).line + 1,
            expr: span.expression.getText(source),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}
