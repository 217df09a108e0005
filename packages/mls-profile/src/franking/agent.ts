/**
 * The hub's franking keys (draft-ietf-mimi-protocol-06 §Message Franking, "Hub processing"): a
 * signature key pair of the room's cipher suite, whose public half is the room's `franking_agent`
 * with a credential naming the hub, and `hub_key`, the secret HMAC key only the hub holds, with
 * which it recomputes its own server_frank when a message is reported. Nothing here is a group
 * secret: the hub never is a member.
 *
 * The agent's credential is a basic credential whose identity is the hub's provider URI
 * (`mimi://hub.example`): receivers check it names the room's domain (the draft does not fix its
 * form; docs/deviations.md).
 * @spec draft-ietf-mimi-protocol §Message Franking > Hub processing
 */
import type { FrankingAgentData } from '@mimikit/mimi-protocol';
import { MimiCredentialError, providerCredential, uriOfCredential } from '../identity/index.ts';
import { checkSignatureKeyPair, cipherSuiteById, generateSignatureKeyPair, type CipherSuite, type CipherSuiteName } from '../mls/index.ts';
import { FrankingError } from './errors.ts';

/** Length of hub_key: HMAC-SHA256's block-sized keys are overkill, its output size is not (RFC 2104 §3). */
export const HUB_KEY_LENGTH = 32;

export interface HubFrankingKey {
  /** The suite whose signature algorithm the key uses: the room's (draft: "the same as … the MLS group"). */
  cipherSuite: CipherSuite;
  /** The room's franking_agent component value: public key and credential. */
  agent: FrankingAgentData;
  /** The franking_private_key. Secret. */
  signaturePrivateKey: Uint8Array;
  /** hub_key, the server_frank HMAC key. Secret. */
  hubKey: Uint8Array;
}

/** The hub's franking key for rooms of this suite, its agent credential naming `domain`. */
export async function generateHubFrankingKey(p: { cipherSuite: CipherSuite; domain: string }): Promise<HubFrankingKey> {
  const credential = agentCredential(p.domain);
  const pair = await generateSignatureKeyPair(p.cipherSuite);
  return {
    cipherSuite: p.cipherSuite,
    agent: { franking_signature_key: pair.publicKey, credential },
    signaturePrivateKey: pair.privateKey,
    hubKey: crypto.getRandomValues(new Uint8Array(HUB_KEY_LENGTH)),
  };
}

/** What a hub stores of its key (all bytes and numbers); hubFrankingKeyFromParts restores it. */
export interface HubFrankingKeyParts {
  cipherSuite: CipherSuiteName | number;
  domain: string;
  signaturePublicKey: Uint8Array;
  signaturePrivateKey: Uint8Array;
  hubKey: Uint8Array;
}

export function hubFrankingKeyParts(key: HubFrankingKey): HubFrankingKeyParts {
  return {
    cipherSuite: key.cipherSuite.id,
    domain: agentDomain(key.agent, 'agent.credential'),
    signaturePublicKey: key.agent.franking_signature_key,
    signaturePrivateKey: key.signaturePrivateKey,
    hubKey: key.hubKey,
  };
}

export async function hubFrankingKeyFromParts(p: HubFrankingKeyParts): Promise<HubFrankingKey> {
  if (p.hubKey.length !== HUB_KEY_LENGTH) throw new FrankingError('bad-input', 'hubKey', `${p.hubKey.length} bytes, not ${HUB_KEY_LENGTH}`);
  const cipherSuite = await cipherSuiteById(p.cipherSuite);
  // Stored halves that do not belong together would sign Franks no receiver accepts: find out now.
  const pair = await checkSignatureKeyPair(cipherSuite, p.signaturePublicKey, p.signaturePrivateKey);
  if (pair === 'bad-private-key') throw new FrankingError('bad-input', 'signaturePrivateKey', `not a private key of ${cipherSuite.name}`);
  if (pair === 'mismatch') throw new FrankingError('agent-mismatch', 'signaturePublicKey', 'is not the public half of signaturePrivateKey');
  return {
    cipherSuite,
    agent: { franking_signature_key: p.signaturePublicKey, credential: agentCredential(p.domain) },
    signaturePrivateKey: p.signaturePrivateKey,
    hubKey: p.hubKey,
  };
}

/** The basic credential of a hub's franking agent: its provider URI. */
function agentCredential(domain: string): FrankingAgentData['credential'] {
  return providerCredential(domain);
}

/** The domain a franking agent's credential names; FrankingError('agent-credential') when it names none. */
export function agentDomain(agent: FrankingAgentData, at = 'franking_agent.credential'): string {
  const c = agent.credential;
  if (c.credential_type !== 'basic')
    throw new FrankingError(
      'agent-credential',
      at,
      `a ${String(c.credential_type)} credential; a franking agent's is basic, its identity the hub's provider URI`,
    );
  try {
    return uriOfCredential({ credentialType: 'basic', identity: c.identity }, 'provider').domain;
  } catch (err) {
    if (err instanceof MimiCredentialError) throw new FrankingError('agent-credential', at, `not a hub's provider URI: ${err.message}`, { cause: err });
    throw err;
  }
}
