export type { AccessReason } from '../domain/access-reason';
export {
  computeDesiredState,
  isoDateIn,
  type DesiredAccount,
  type DesiredPerson,
  type DesiredState,
  type DesiredStateOptions,
} from './desired-state';
export { desiredStateOptionsFromMapping } from './options-from-mapping';
export { enforceWalls, parseWalls, wallmates, withWalls, type Wall, type WallConflict } from './walls';
