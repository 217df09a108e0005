/** JavaScript forms of CBOR data items that have no native equivalent. */

/** A tagged data item (major type 6). */
export class CborTag {
  constructor(
    readonly tag: number | bigint,
    readonly value: unknown,
  ) {}
}

/** A simple value other than false, true, null and undefined. */
export class CborSimple {
  constructor(readonly value: number) {}
}

/** A float that must stay a float on the wire even when it has an integral value (e.g. 1.0). */
export class CborFloat {
  constructor(readonly value: number) {}
}
