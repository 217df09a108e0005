/**
 * What a generated TypeScript file is, as code: its parse errors and the kinds of all its syntax
 * nodes in order. Comments and the contents of strings are not nodes, so two files whose spec
 * inputs differ only in text written into comments and literals have the same shape, unless the
 * text escaped its context and became code (an extra statement, a `${…}` in a template literal).
 */
import ts from 'typescript';

export interface TsShape {
  errors: string[];
  kinds: string[];
}

export function tsShape(code: string, fileName = 'generated.ts'): TsShape {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const parse = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  const errors = parse.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const kinds: string[] = [];
  const visit = (node: ts.Node): void => {
    kinds.push(ts.SyntaxKind[node.kind]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { errors, kinds };
}
