/**
 * Franking in a room's GroupContext (draft-ietf-mimi-protocol-06 §Message Franking): the
 * `franking_agent` component (FrankingAgentData: the hub's franking signature key and credential)
 * and the `safe_aad` component (draft-ietf-mls-extensions-09 §5) naming frank_aad, which makes every
 * message's authenticated_data start with SafeAAD. A room franks when it has both; the creator puts
 * them in at creation (createRoom's `frankingAgent`), and they never change afterwards (the draft
 * rotates a franking agent by ReInit; the room policy refuses changes to components it has no rule
 * for).
 * @spec draft-ietf-mimi-protocol §Message Franking
 * @spec draft-ietf-mimi-protocol §frank_aad app component
 * @spec draft-ietf-mimi-protocol §franking_signature_key app component
 */
import { codecs, type ComponentData } from '@mimikit/mls';
import { codecs as protocolCodecs, type FrankingAgentData } from '@mimikit/mimi-protocol';
import { DecodeError } from '@mimikit/tls';
import { COMPONENT_FRANK_AAD, COMPONENT_FRANKING_AGENT, COMPONENT_SAFE_AAD } from '../advertise/registry.ts';
import type { MlsExtension } from '../mls/index.ts';
import type { RoomState } from '../room/index.ts';
import { roomStateOf } from '../rooms/state.ts';
import { FrankingError } from './errors.ts';

/** The GroupContext components of a franking room, for RoomState.other (what createRoom adds). */
export function frankingRoomComponents(agent: FrankingAgentData): ComponentData[] {
  return [
    { component_id: COMPONENT_SAFE_AAD, data: codecs.ComponentsList.encode({ component_ids: [COMPONENT_FRANK_AAD] }) },
    { component_id: COMPONENT_FRANKING_AGENT, data: protocolCodecs.FrankingAgentData.encode(agent) },
  ];
}

export interface RoomFranking {
  /** The safe_aad component's list, or null without one (then authenticated_data has no SafeAAD). */
  safeAad: number[] | null;
  /** The franking_agent component, or null: nobody franks in this room. */
  agent: FrankingAgentData | null;
}

/**
 * The franking components of a room, from its state (what a hub keeps) or from its GroupContext
 * extensions (what a member's group has). FrankingError('bad-input') when one does not decode.
 */
export function roomFranking(room: RoomState | readonly MlsExtension[]): RoomFranking {
  const other = Array.isArray(room) ? roomStateOf(room as readonly MlsExtension[]).other : (room as RoomState).other;
  const find = (id: number) => other?.find((c) => c.component_id === id)?.data;
  const decode = <T>(bytes: Uint8Array | undefined, name: string, decoder: (b: Uint8Array) => T): T | null => {
    if (bytes === undefined) return null;
    try {
      return decoder(bytes);
    } catch (err) {
      if (err instanceof DecodeError) throw new FrankingError('bad-input', `app_data_dictionary.${name}`, `does not decode: ${err.message}`, { cause: err });
      throw err;
    }
  };
  return {
    safeAad: decode(find(COMPONENT_SAFE_AAD), 'safe_aad', (b) => codecs.ComponentsList.decode(b).component_ids),
    agent: decode(find(COMPONENT_FRANKING_AGENT), 'franking_agent', (b) => protocolCodecs.FrankingAgentData.decode(b)),
  };
}
