/**
 * CDDL IR → CDDL text, for messages and reports: the differ shows members and choices as the draft
 * would write them, the validator and the linter name the type an item failed. `brief` abbreviates
 * maps, arrays and enumerations to `{…}`, `[…]`, `&(…)` (a validation message names the outer type,
 * the path says where inside it).
 */
import type { Group, GroupEntry, Occurrence, Type, Type1, Type2, Value } from './ir.ts';

export interface RenderOptions {
  brief?: boolean;
}

export function renderValue(v: Value): string {
  switch (v.kind) {
    case 'int':
      return v.big ?? String(v.value);
    case 'float':
      return String(v.value);
    case 'text':
      return JSON.stringify(v.value);
    case 'bytes':
      return `h'${v.hex}'`;
  }
}

export function renderArgs(args: Type[] | undefined, options: RenderOptions = {}): string {
  return args ? `<${args.map((a) => renderType(a, options)).join(', ')}>` : '';
}

export function renderType(t: Type, options: RenderOptions = {}): string {
  return t.options.map((o) => renderType1(o, options)).join(' / ');
}

export function renderType1(o: Type1, options: RenderOptions = {}): string {
  let s = renderType2(o.base, options);
  if (o.range) s += `${o.range.inclusive ? '..' : '...'}${renderType2(o.range.to, options)}`;
  if (o.control) s += ` .${o.control.name} ${renderType2(o.control.arg, options)}`;
  return s;
}

export function renderType2(t: Type2, options: RenderOptions = {}): string {
  const wrap = (open: string, g: Group, close: string) => {
    if (options.brief) return `${open}…${close}`;
    const inner = renderGroup(g, options);
    return inner ? `${open} ${inner} ${close}` : `${open}${close}`;
  };
  switch (t.kind) {
    case 'value':
      return renderValue(t.value);
    case 'ref':
      return t.name + renderArgs(t.args, options);
    case 'paren':
      return `(${renderType(t.type, options)})`;
    case 'map':
      return wrap('{', t.group, '}');
    case 'array':
      return wrap('[', t.group, ']');
    case 'enum':
      return wrap('&(', t.group, ')');
    case 'unwrap':
      return `~${t.name}${renderArgs(t.args, options)}`;
    case 'enumRef':
      return `&${t.name}${renderArgs(t.args, options)}`;
    case 'tag':
      return `#6${headNumber(t.tag, t.numberType, options)}(${renderType(t.type, options)})`;
    case 'major':
      return `#${t.major}${headNumber(t.arg, t.numberType, options)}`;
    case 'any':
      return '#';
  }
}

/** `.n`, `.<type>` (RFC 9682) or nothing after `#6` / `#7`. */
function headNumber(n: number | null, numberType: Type | undefined, options: RenderOptions): string {
  if (numberType) return `.<${renderType(numberType, options)}>`;
  return n === null ? '' : `.${n}`;
}

export function renderGroup(g: Group, options: RenderOptions = {}): string {
  return g.choices.map((entries) => renderEntries(entries, options)).join(' // ');
}

/** One group choice: its entries, comma-separated. */
export function renderEntries(entries: readonly GroupEntry[], options: RenderOptions = {}): string {
  return entries.map((e) => renderEntry(e, options)).join(', ');
}

export function renderOccurrence(o: Occurrence): string {
  if (o.min === 0 && o.max === 1) return '?';
  if (o.min === 1 && o.max === null) return '+';
  return `${o.min === 0 ? '' : o.min}*${o.max ?? ''}`;
}

export function renderEntry(e: GroupEntry, options: RenderOptions = {}): string {
  const occ = e.occurrence ? `${renderOccurrence(e.occurrence)} ` : '';
  switch (e.kind) {
    case 'member': {
      const k = e.key;
      const key = !k
        ? ''
        : k.kind === 'bareword'
          ? `${k.name}: `
          : k.kind === 'value'
            ? `${renderValue(k.value)}: `
            : `${renderType(k.type, options)} ${k.cut ? '^ ' : ''}=> `;
      return `${occ}${key}${renderType(e.type, options)}`;
    }
    case 'groupRef':
      return `${occ}${e.name}${renderArgs(e.args, options)}`;
    case 'inline':
      return `${occ}(${renderGroup(e.group, options)})`;
  }
}
