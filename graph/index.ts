export { createTeamsDirectory, teamsDirectoryOptionsFromConfig } from './create-teams-directory';
export { createTenantInspector } from './create-tenant-inspector';
