/**
 * A TLS-PL request body that is already encoded: the caller holds the bytes its operation's codec
 * would produce (for an `x-mimi-tls-sequence` body, the encodings of its values back to back), e.g.
 * FanoutMessages a provider stored when it accepted them. The client sends them as they are instead
 * of decoding them into values only to encode them again, which cost the hub's delivery a decode
 * and an encode of every FanoutMessage it forwards. The bytes are not checked here: the receiving
 * server decodes and validates every body as it does any other.
 */
export class EncodedBody {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('EncodedBody takes the encoded bytes (a Uint8Array)');
    this.bytes = bytes;
  }
}
