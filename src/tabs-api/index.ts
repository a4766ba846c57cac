export { createTabsApi, channelDeepLink, type TabsApiDependencies } from './routes';
export { createSsoVerifier, splitAudiences, type Caller, type SsoVerifier, type SsoVerifierOptions } from './sso-auth';
export { claimRoleCheck, type RoleCheck, type CallerRoles, type AccountAccess } from './access';
export { mergeToc, classifyContracts } from './toc-service';
export { tabsApiFromConfig } from './from-config';
