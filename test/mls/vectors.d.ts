import { fromHex } from '@mimikit/tls';
export type MessagesVector = Record<MessageKind, string>;
/** messages.json field → TLS-PL type that the field is an encoding of. */
export declare const MESSAGE_KINDS: {
    readonly mls_welcome: "MLSMessage";
    readonly mls_group_info: "MLSMessage";
    readonly mls_key_package: "MLSMessage";
    readonly ratchet_tree: "ratchet_tree";
    readonly group_secrets: "GroupSecrets";
    readonly add_proposal: "Add";
    readonly update_proposal: "Update";
    readonly remove_proposal: "Remove";
    readonly pre_shared_key_proposal: "PreSharedKey";
    readonly re_init_proposal: "ReInit";
    readonly external_init_proposal: "ExternalInit";
    readonly group_context_extensions_proposal: "GroupContextExtensions";
    readonly commit: "Commit";
    readonly public_message_application: "MLSMessage";
    readonly public_message_proposal: "MLSMessage";
    readonly public_message_commit: "MLSMessage";
    readonly private_message: "MLSMessage";
};
export type MessageKind = keyof typeof MESSAGE_KINDS;
/** The messages.json fields that are whole MLSMessages, with the wire format each one has. */
export declare const MLS_MESSAGE_FIELDS: {
    readonly mls_welcome: "mls_welcome";
    readonly mls_group_info: "mls_group_info";
    readonly mls_key_package: "mls_key_package";
    readonly public_message_application: "mls_public_message";
    readonly public_message_proposal: "mls_public_message";
    readonly public_message_commit: "mls_public_message";
    readonly private_message: "mls_private_message";
};
export declare function loadMessages(): MessagesVector[];
export declare function loadDeserialization(): Array<{
    vlbytes_header: string;
    length: number;
}>;
export declare const bytes: typeof fromHex;
//# sourceMappingURL=vectors.d.ts.map