/**
 * MIMI KeyPackages: the app_data_dictionary leaf extension with app_components and
 * content_media_types (draft-ietf-mls-extensions-09), read back with the generated codecs, and
 * the support check an adder runs; media type text ↔ MediaType.
 */
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mls';
import {
  APP_DATA_DICTIONARY,
  APP_DATA_UPDATE,
  formatMediaType,
  generateMimiKeyPackage,
  MediaTypeError,
  MIMI_COMPONENTS,
  missingSupport,
  parseMediaType,
  readAdvertisement,
  sameMediaType,
} from '../src/advertise/index.ts';
import { clientUriOfCredential } from '../src/identity/index.ts';
import { cipherSuite } from '../src/mls/index.ts';

const td = new TextDecoder();

describe('media types', () => {
  it('parses type, subtype and parameters (quoted values unquoted), and formats them back', () => {
    const m = parseMediaType('Text/Plain; charset="UTF-8";format=flowed');
    expect(td.decode(m.media_type)).toBe('text/plain');
    expect(m.parameters.map((p) => [td.decode(p.parameter_name), td.decode(p.parameter_value)])).toEqual([
      ['charset', 'UTF-8'],
      ['format', 'flowed'],
    ]);
    expect(formatMediaType(m)).toBe('text/plain;charset=UTF-8;format=flowed');
    expect(formatMediaType(parseMediaType('text/x;name="a b\\"c"'))).toBe('text/x;name="a b\\"c"');
    expect(sameMediaType(parseMediaType('text/plain;charset=utf-8;format=flowed'), parseMediaType('TEXT/plain;format=flowed;charset=UTF-8'))).toBe(true);
    expect(sameMediaType(parseMediaType('text/plain;format=Flowed'), parseMediaType('text/plain;format=flowed'))).toBe(false);
  });

  it('rejects malformed text with the offset of the problem', () => {
    const at = (s: string) => {
      try {
        parseMediaType(s);
      } catch (e) {
        if (e instanceof MediaTypeError) return e.offset;
        throw e;
      }
      return -1;
    };
    expect(at('textplain')).toBe(0);
    expect(at('text/plain;charset')).toBe(11);
    expect(at('text/plain;a=b;c="x')).toBe(17);
    expect(at('text/plain;a=b c')).toBe(13);
  });
});

describe('media types from outside bytes', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  const te = new TextEncoder();
  const withBom = (t: string) => bytes(0xef, 0xbb, 0xbf, ...te.encode(t));
  const mimi = parseMediaType('application/mimi-content');

  it('a byte order mark before a media type is part of it: never the type without it', () => {
    const bom = { media_type: withBom('application/mimi-content'), parameters: [] };
    expect(sameMediaType(bom, mimi)).toBe(false);
    expect(formatMediaType(bom)).toBe('\uFEFFapplication/mimi-content');
    const bomCharset = { media_type: te.encode('text/plain'), parameters: [{ parameter_name: withBom('charset'), parameter_value: te.encode('utf-8') }] };
    expect(sameMediaType(bomCharset, parseMediaType('text/plain;charset=utf-8'))).toBe(false);
    // A client that advertises only the BOM-prefixed type lacks the MIMI type.
    expect(missingSupport({ components: [], mediaTypes: [bom] }, { mediaTypes: ['application/mimi-content'] })).toEqual([
      'media type application/mimi-content',
    ]);
  });

  it('a media type that is not UTF-8 equals none and formats to a MediaTypeError naming the field', () => {
    const bad = { media_type: bytes(0x61, 0xff), parameters: [] };
    expect(sameMediaType(bad, bad)).toBe(false);
    expect(sameMediaType(mimi, bad)).toBe(false);
    expect(() => formatMediaType(bad)).toThrow(MediaTypeError);
    expect(() => formatMediaType(bad)).toThrow('media type "0x61ff" at 0: media_type is not UTF-8');
    const badValue = { media_type: te.encode('text/plain'), parameters: [{ parameter_name: te.encode('charset'), parameter_value: bytes(0xc3) }] };
    expect(() => formatMediaType(badValue)).toThrow('parameters[0].parameter_value is not UTF-8');
  });
});

describe('MIMI KeyPackages', () => {
  it('advertise the app_data_dictionary extension, app_data_update, the MIMI components and the media types', async () => {
    const suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    const kp = await generateMimiKeyPackage({
      client: 'mimi://b.example/d/bob/phone',
      cipherSuite: suite,
      mediaTypes: ['application/mimi-content', 'text/plain;charset=utf-8'],
    });
    const msg = codecs.MLSMessage.decode(kp.keyPackage);
    if (msg.wire_format !== 'mls_key_package') throw new Error('not a key package');
    const leaf = msg.key_package.leaf_node;
    if (leaf.credential.credential_type !== 'basic') throw new Error('not a basic credential');
    expect(clientUriOfCredential({ credentialType: 'basic', identity: leaf.credential.identity }).text).toBe('mimi://b.example/d/bob/phone');
    // Open enums decode known code points to their names (docs/json-mapping.md).
    expect(codecs.ExtensionType.encode(leaf.capabilities.extensions.find((e) => e === 'app_data_dictionary')!)).toEqual(
      codecs.ExtensionType.encode(APP_DATA_DICTIONARY as never),
    );
    expect(leaf.capabilities.proposals).toContain('app_data_update');
    expect(codecs.ProposalType.encode('app_data_update')).toEqual(new Uint8Array([0, APP_DATA_UPDATE]));
    expect(leaf.extensions.map((e) => e.extension_type)).toEqual(['app_data_dictionary']);
    const ad = readAdvertisement(kp.keyPackage);
    expect(ad.components).toEqual(MIMI_COMPONENTS);
    expect(ad.components).toEqual(expect.arrayContaining([0x0001, 0x0003, 0x0022, 0x0023, 0x0025, 0x0027]));
    expect(ad.mediaTypes.map(formatMediaType)).toEqual(['application/mimi-content', 'text/plain;charset=utf-8']);
    expect(missingSupport(ad, { components: [0x0022], mediaTypes: ['application/mimi-content', 'text/plain;charset=UTF-8'] })).toEqual([]);
    expect(missingSupport(ad, { components: [0x0030], mediaTypes: ['text/markdown;variant=GFM-MIMI'] })).toEqual([
      'component 0x0030',
      'media type text/markdown;variant=GFM-MIMI',
    ]);
  });

  it('a KeyPackage without the extension advertises nothing, and a non-KeyPackage is refused', async () => {
    const suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    const { generateKeyPackage } = await import('../src/mls/index.ts');
    const plain = await generateKeyPackage({ cipherSuite: suite, identity: new TextEncoder().encode('mimi://b.example/d/x') });
    expect(readAdvertisement(plain.keyPackage)).toEqual({ components: [], mediaTypes: [] });
    expect(missingSupport(readAdvertisement(plain.keyPackage), { mediaTypes: ['application/mimi-content'] })).toEqual(['media type application/mimi-content']);
    const welcomeLike = codecs.MLSMessage.encode({
      version: 'mls10',
      wire_format: 'mls_welcome',
      welcome: { cipher_suite: 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519', secrets: [], encrypted_group_info: new Uint8Array() },
    } as never);
    expect(() => readAdvertisement(welcomeLike)).toThrow('expected a KeyPackage, got mls_welcome');
  });
});
