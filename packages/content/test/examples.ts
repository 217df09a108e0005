/** The draft's examples (spec/content/examples): bytes, EDN text, header comments, decoded value. */
import { readdirSync, readFileSync } from 'node:fs';
import { MimiContentCodec, type MimiContent } from '@mimikit/mimi-content';
import { ednHeaderComments, parseEdn } from '../src/edn.ts';

const dir = new URL('../../../spec/content/examples/', import.meta.url);

export const MESSAGE_EXAMPLES = [
  'original',
  'reply',
  'reaction',
  'mention',
  'mention-html',
  'edit',
  'delete',
  'unlike',
  'expiring',
  'attachment',
  'conferencing',
  'multipart-1',
  'multipart-2',
  'multipart-3',
] as const;
export type MessageExampleName = (typeof MESSAGE_EXAMPLES)[number];

export function exampleNames(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cbor'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function exampleCbor(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${name}.cbor`, dir)));
}

export function exampleEdn(name: string): string {
  return readFileSync(new URL(`${name}.edn`, dir), 'utf8');
}

export function exampleContent(name: string): MimiContent {
  return MimiContentCodec.decode(exampleCbor(name));
}

/** The `# message ID = h'…'` header comment as bytes, or undefined when the example has none. */
export function headerMessageId(name: string): Uint8Array | undefined {
  const v = ednHeaderComments(exampleEdn(name))['message ID'];
  return v === undefined ? undefined : (parseEdn(v) as Uint8Array);
}
