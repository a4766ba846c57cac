export { runDoctor } from './run-doctor';
export { formatReport } from './check-result';
export { DEFAULT_LIMITS, type DoctorSettings } from './deps';
export * from './graph-permissions';
