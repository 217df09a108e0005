/**
 * What an implementer writes against the published packages (issue 13, point 8). test/consumer
 * copies this file into a fresh project outside the repository where the packed tarballs are
 * installed, type-checks it there (module NodeNext, strict, exactOptionalPropertyTypes, the default
 * lib of an ES2022 target, no allowImportingTsExtensions), compiles it and runs the JavaScript with
 * plain `node`: no loader, no source condition, only the packages' dist/ and their declared
 * dependencies. It prints one JSON line of results for the test to check.
 *
 * argv[2]: a file holding the hex of one MLSMessage of the RFC 9420 interop vectors
 * (test/fixtures/mls/messages.json), copied into the project by the test.
 */
import { readFileSync } from 'node:fs';
import { codecs as mls, type MLSMessage } from '@mimikit/mls';
import { textMessage, readContent } from '@mimikit/content';
import { codecs as content } from '@mimikit/mimi-content';
import { registerMimiRoutes } from '@mimikit/mimi-protocol/server';
import { createMimiClient } from '@mimikit/mimi-protocol/client';
import { mimiServerOptions } from '@mimikit/transport';
import { cipherSuite, commit, createGroup, generateKeyPackage, unsafeAcceptAnyCredential } from '@mimikit/mls-profile/mls';
import Fastify from 'fastify';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (s: string): Uint8Array => new Uint8Array((s.match(/../g) ?? []).map((x) => parseInt(x, 16)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// 1. An MLSMessage of the RFC 9420 vectors, decoded and re-encoded byte for byte.
const vector = fromHex(readFileSync(process.argv[2] ?? 'mls-message.hex', 'utf8').trim());
const message: MLSMessage = mls.MLSMessage.decode(vector);
const mlsRoundTrip = hex(mls.MLSMessage.encode(message)) === hex(vector);

// 2. A MIMI content message: built, encoded as deterministic CBOR, read back.
const built = textMessage('hello from a consumer', { salt: new Uint8Array(16) });
const encoded = content.mimiContent.encode(built);
const view = readContent(content.mimiContent.decode(encoded));

// 3. One MIMI protocol operation: the generated server answers the generated client over HTTP.
const app = Fastify(mimiServerOptions());
registerMimiRoutes(
  app,
  {
    identifierQuery: ({ params, body }) => ({
      responseCode: 'success',
      uri: [{ uri: utf8(`mimi://${params.domain}/u/${new TextDecoder().decode(body.query_elements[0]?.searchValue)}`) }],
      foundProfiles: [],
      id_response_extensions: { component_data: [] },
    }),
  },
  { publicBaseUrl: 'https://hub.example' },
);
const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
let served: string;
try {
  const client = createMimiClient({ baseUrl });
  const answer = await client.identifierQuery(
    { domain: 'b.example' },
    {
      query_elements: [{ searchValue: utf8('bob'), searchType: 'oidcStdClaim', claimName: utf8('preferred_username') }],
      id_request_extensions: { component_data: [] },
    },
  );
  served = `${answer.responseCode} ${answer.uri.map((u) => new TextDecoder().decode(u.uri)).join(',')}`;
} finally {
  await app.close();
}

// 4. RFC 9420 §12.4: a GroupContextExtensions commit carries an UpdatePath. Published ts-mls 1.6.4
// omits it; @mimikit/mls-profile ships the patched copy, so this holds with nothing run by hand.
const suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
const keyPackage = await generateKeyPackage({ cipherSuite: suite, identity: utf8('alice'), capabilities: { extensions: [6] } });
const group = await createGroup({ cipherSuite: suite, groupId: utf8('room'), keyPackage, extensions: [], authService: unsafeAcceptAnyCredential });
const dictionary = { extensionType: 6, extensionData: mls.AppDataDictionary.encode({ component_data: [] }) };
const gce = await commit(group, { proposals: [{ type: 'group_context_extensions', extensions: [dictionary] }] });
const wire = mls.MLSMessage.decode(gce.commit);
const gcePath =
  wire.wire_format === 'mls_public_message' && wire.public_message.content.content_type === 'commit'
    ? wire.public_message.content.commit.path !== null
    : 'not a public commit';

console.log(
  JSON.stringify({
    mls: { wireFormat: message.wire_format, roundTrip: mlsRoundTrip },
    content: { bytes: encoded.length, kind: view.kind, text: view.text },
    served,
    gcePath,
  }),
);
