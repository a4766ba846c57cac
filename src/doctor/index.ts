export { runDoctor, type DoctorReport } from './run-doctor';
export { formatReport, type CheckResult, type CheckStatus } from './check-result';
export { DEFAULT_LIMITS, type DoctorDeps, type DoctorLimits, type DoctorSettings } from './deps';
export * from './graph-permissions';
