/**
 * Pass: which context values each struct needs from its caller, and how a containing struct
 * supplies the needs of its fields.
 *
 * A need `T.a.b` (a select on `T.a.b` inside some other type) is supplied by a containing struct S
 * when S is T itself and has an earlier field `a` (→ `a.b`), when S has, before the field, a field `g` of type T (→ `g.a.b`) or a field whose struct has a
 * field `h` of type T (→ `g.h.a.b`); a need `x.y` is supplied by a preceding field named `x`.
 * Otherwise S passes the need on to its own caller. This is how `FramedContentAuthData` inside
 * `PublicMessage` gets `FramedContent.content_type` from `PublicMessage.content`, while
 * `PrivateMessageContent` asks its caller for `PrivateMessage.content_type`.
 */
import type { Field } from '../ir.ts';
import { type TlsPackage } from '../model.ts';
export interface ContextSupply {
    name: string;
    /** Field path in the containing value, or null when passed through from the caller's context. */
    from: string[] | null;
}
/** Per field of a struct type whose codec needs context: how each need is met. */
export declare const fieldSupplies: WeakMap<Field, ContextSupply[]>;
export declare function computeContext(pkg: TlsPackage): void;
//# sourceMappingURL=compute-context.d.ts.map