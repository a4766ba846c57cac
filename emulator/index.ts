/** Local Teams emulator: dev/test tool, never shipped. See the contract in the lead's notes. */
export type { EmulatorOptions, EmulatorState, LoggedRequest, RunningEmulator, SeedUser } from './types';
export { startEmulator, DEFAULT_SERVICE_ACCOUNT, DEFAULT_CLIENTS } from './server';
export { seedUsersFromBillingCsv, DEFAULT_OMITTED_EMAILS } from './seed';
