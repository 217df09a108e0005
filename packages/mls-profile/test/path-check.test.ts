/**
 * The adapter's guard against an unpatched ts-mls (src/mls/path-check.ts): a GroupContextExtensions
 * commit must carry an UpdatePath (RFC 9420 §12.4). With the patched backend the real commit passes;
 * the same check on a state pair with no fresh leaf key (what published 1.6.4 produces) refuses.
 */
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mls';
import { commit, createGroup, cipherSuite, generateKeyPackage, MlsError, unsafeAcceptAnyCredential } from '../src/mls/index.ts';
import { peek } from '../src/mls/handle.ts';
import { assertPathWhereRequired } from '../src/mls/path-check.ts';
import type { Proposal } from '../src/mls/backend.ts';

const te = new TextEncoder();
const gce: Proposal = { proposalType: 'group_context_extensions', groupContextExtensions: { extensions: [] } };
const add = { proposalType: 'add' } as Proposal;

describe('UpdatePath guard for GroupContextExtensions commits', async () => {
  const suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
  const kp = await generateKeyPackage({ cipherSuite: suite, identity: te.encode('alice'), capabilities: { extensions: [6] } });
  const dictionary = { extensionType: 6, extensionData: codecs.AppDataDictionary.encode({ component_data: [] }) };

  it('lets the patched backend commit a GroupContextExtensions proposal, with a fresh leaf key', async () => {
    const g0 = await createGroup({ cipherSuite: suite, groupId: te.encode('g'), keyPackage: kp, extensions: [], authService: unsafeAcceptAnyCredential });
    const before = peek(g0).state;
    const r = await commit(g0, { proposals: [{ type: 'group_context_extensions', extensions: [dictionary] }] });
    const after = peek(r.group).state;
    expect(() => assertPathWhereRequired(before, after, [gce])).not.toThrow();
  });

  it('refuses a GroupContextExtensions commit whose committer kept its leaf key (no path sent)', async () => {
    const g0 = await createGroup({ cipherSuite: suite, groupId: te.encode('g'), keyPackage: kp, extensions: [], authService: unsafeAcceptAnyCredential });
    const state = peek(g0).state;
    let thrown: unknown;
    try {
      assertPathWhereRequired(state, state, [add, gce]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MlsError);
    expect((thrown as MlsError).code).toBe('unsupported');
    expect((thrown as MlsError).message).toMatch(/patches\/ts-mls\+1\.6\.4\.patch/);
    // Commits without GroupContextExtensions do not need the path for this rule (Add-only is "path not required").
    expect(() => assertPathWhereRequired(state, state, [add])).not.toThrow();
  });
});
