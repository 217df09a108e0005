/**
 * Pass: give every inline anonymous `struct { … } name;` a name of its own (`Parent_name`), so that
 * the emitter deals with named structs only. The new declaration keeps the field's provenance and
 * is marked in its text as coming from its parent.
 */
import type { TlsSpec } from '../ir.ts';
export declare function hoistInlineStructs(spec: TlsSpec): TlsSpec;
//# sourceMappingURL=hoist-inline-structs.d.ts.map