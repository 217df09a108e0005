/**
 * Building a Role (draft-ietf-mimi-room-policy-03 §Role-Based Access Control) from capability
 * names, for room creators and tests: the wire struct has nine fields, most of them defaults.
 * @spec draft-ietf-mimi-room-policy §Role-Based Access Control
 */
import { encodeUtf8 } from '@mimikit/bytes';
import type { Role } from '@mimikit/mimi-room-policy';
import { CAPABILITIES, type CapabilityName } from './capabilities.ts';

export interface RoleSpec {
  index: number;
  name: string;
  description?: string;
  capabilities?: readonly CapabilityName[];
  /** authorized_role_changes, each as [from_role_index, target_role_indexes]. */
  changes?: ReadonlyArray<readonly [number, readonly number[]]>;
  minimum?: number;
  /** null: no maximum (the default). */
  maximum?: number | null;
  minimumActive?: number;
  maximumActive?: number | null;
}

export function defineRole(spec: RoleSpec): Role {
  return {
    role_index: spec.index,
    role_name: encodeUtf8(spec.name),
    role_description: encodeUtf8(spec.description ?? ''),
    role_capabilities: (spec.capabilities ?? []).map((c) => CAPABILITIES[c]),
    minimum_participants_constraint: spec.minimum ?? 0,
    maximum_participants_constraint: spec.maximum ?? null,
    minimum_active_participants_constraint: spec.minimumActive ?? 0,
    maximum_active_participants_constraint: spec.maximumActive ?? null,
    authorized_role_changes: (spec.changes ?? []).map(([from_role_index, targets]) => ({ from_role_index, target_role_indexes: [...targets] })),
  };
}
