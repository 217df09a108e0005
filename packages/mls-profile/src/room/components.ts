/**
 * The MIMI room-state components carried in the GroupContext `app_data_dictionary`
 * (draft-ietf-mls-extensions-09 §4.6), each with its ComponentID and the generated codec of its
 * `data`. The list is data: a component the profile learns about is one more entry.
 *
 * IDs: draft-ietf-mimi-protocol-06 §IANA registers participant_list 0x0022 and room_metadata
 * 0x0023. draft-ietf-mimi-room-policy-03 leaves its IDs as TBD with suggested values; the
 * suggested ones are used (docs/deviations.md).
 * @spec draft-ietf-mimi-protocol §participant_list app component
 * @spec draft-ietf-mimi-protocol §room_metadata app component
 */
import { codecs as protocolCodecs, type ParticipantListData, type RoomMetaData } from '@mimikit/mimi-protocol';
import { codecs as policyCodecs, type BaseRoomPolicy, type RoleData } from '@mimikit/mimi-room-policy';
import type { Codec } from '@mimikit/tls';

export interface ComponentSpec<T> {
  id: number;
  codec: Codec<T>;
  /** Where the ID comes from. */
  registry: string;
}

/** The components the profile reads and writes, by their IANA name. */
export interface RoomComponents {
  participant_list: ParticipantListData;
  room_metadata: RoomMetaData;
  roles_list: RoleData;
  base_room_policy: BaseRoomPolicy;
}

export type ComponentName = keyof RoomComponents;

export const ROOM_COMPONENTS: { readonly [K in ComponentName]: ComponentSpec<RoomComponents[K]> } = {
  participant_list: { id: 0x0022, codec: protocolCodecs.ParticipantListData, registry: 'draft-ietf-mimi-protocol-06 §IANA (0x0022)' },
  room_metadata: { id: 0x0023, codec: protocolCodecs.RoomMetaData, registry: 'draft-ietf-mimi-protocol-06 §IANA (0x0023)' },
  roles_list: { id: 0x0025, codec: policyCodecs.RoleData, registry: 'draft-ietf-mimi-room-policy-03 §IANA (TBD1, suggested 0x0025)' },
  base_room_policy: { id: 0x0027, codec: policyCodecs.BaseRoomPolicy, registry: 'draft-ietf-mimi-room-policy-03 §IANA (TBD3, suggested 0x0027)' },
};

export const COMPONENT_NAMES = Object.keys(ROOM_COMPONENTS) as ComponentName[];

/** ComponentID → name, for the components above. */
export function componentName(id: number): ComponentName | undefined {
  return COMPONENT_NAMES.find((n) => ROOM_COMPONENTS[n].id === id);
}
