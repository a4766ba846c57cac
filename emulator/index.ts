/** Local Teams emulator: dev/test tool, never shipped. See the contract in the lead's notes. */
export type { EmulatorOptions, EmulatorState, FaultOptions, LoggedRequest, RunningEmulator, SeedUser } from './types';
export { startEmulator, DEFAULT_TENANT_ID, DEFAULT_TEAM_ID, DEFAULT_SERVICE_ACCOUNT, DEFAULT_CLIENTS } from './server';
export { seedUsersFromBillingCsv, DEFAULT_OMITTED_EMAILS } from './seed';
export { DEFAULT_TEAMS_APP_ID, type AppRegistrationRecord, type CatalogAppRecord } from './tenant-records';
