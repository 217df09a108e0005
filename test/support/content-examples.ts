/** The draft's examples (spec/content/examples): name → bytes, EDN text, and which rule they encode. */
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../../spec/content/examples/', import.meta.url);

export interface ContentExample {
  name: string;
  rule: 'mimiContent' | 'MessageDerivedValues' | 'MessageStatusReport';
  cbor: Uint8Array;
  edn: string;
  pretty: string;
}

export function loadExamples(): ContentExample[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cbor'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.cbor$/, '');
      const rule = name === 'implied-original' ? 'MessageDerivedValues' : name === 'report' ? 'MessageStatusReport' : 'mimiContent';
      return {
        name,
        rule,
        cbor: new Uint8Array(readFileSync(new URL(f, dir))),
        edn: readFileSync(new URL(`${name}.edn`, dir), 'utf8'),
        pretty: readFileSync(new URL(`${name}.pretty`, dir), 'utf8'),
      };
    });
}
