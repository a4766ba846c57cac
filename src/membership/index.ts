export {
  computeDesiredState,
  isoDateIn,
  type AccessReason,
  type DesiredAccount,
  type DesiredPerson,
  type DesiredState,
  type DesiredStateOptions,
} from './desired-state';
export { desiredStateOptionsFromMapping } from './options-from-mapping';
export { enforceWalls, parseWalls, wallmates, withWalls, type Wall, type WallConflict } from './walls';
