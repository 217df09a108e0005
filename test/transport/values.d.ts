import type { AbuseReport, ConsentEntry, FanoutMessage, GroupInfoRequest, GroupInfoResponse, IdentifierRequest, IdentifierResponse, IdentifierUri, KeyMaterialRequest, KeyMaterialResponse, SubmitMessageRequest, SubmitMessageResponse, UpdateRequest, UpdateRoomResponse } from '@mimikit/mimi-protocol';
export declare const uri: (s: string) => IdentifierUri;
export declare const ALICE = "mimi://a.example/u/alice";
export declare const BOB = "mimi://b.example/u/bob";
export declare const ROOM = "mimi://a.example/r/room1";
export declare const keyMaterialRequest: KeyMaterialRequest;
export declare const keyMaterialResponse: KeyMaterialResponse;
export declare const updateRequest: UpdateRequest;
export declare const updateRoomResponse: UpdateRoomResponse;
export declare const submitMessageRequest: SubmitMessageRequest;
export declare const submitMessageResponse: SubmitMessageResponse;
export declare const fanoutMessage: FanoutMessage;
export declare const groupInfoRequest: GroupInfoRequest;
export declare const groupInfoResponse: GroupInfoResponse;
export declare const consentEntry: ConsentEntry;
export declare const identifierRequest: IdentifierRequest;
export declare const identifierResponse: IdentifierResponse;
export declare const abuseReport: AbuseReport;
//# sourceMappingURL=values.d.ts.map