// Azure resources of one Account Channels environment, deployed by teamsapp.yml (arm/deploy)
// with parameters from infra/azure.parameters.json (filled from env/.env.<env> and .user).
//   App Service plan (Linux) + Web App (Node 22 LTS): the server, the tabs, /api/messages
//   Azure Database for PostgreSQL flexible server + database: DATABASE_URL
//   Azure Bot registration + Microsoft Teams channel, endpoint https://<web app>/api/messages
// Outputs in UPPER_CASE are written back to env/.env.<env> by Teams Toolkit.

@description('Azure region for the App Service and the database (the bot registration is global).')
param location string = resourceGroup().location

@minLength(2)
param appServicePlanName string
param appServiceSku string = 'B1'
@minLength(2)
@maxLength(60)
param webAppName string

@minLength(3)
@maxLength(63)
param postgresServerName string
param postgresDatabaseName string = 'account_channels'
param postgresAdminLogin string
@secure()
param postgresAdminPassword string
param postgresSku string = 'Standard_B1ms'

@minLength(2)
@maxLength(64)
param botServiceName string
@description('Display name of the bot (≤ 42 characters).')
@maxLength(42)
param botDisplayName string = 'Asiakkuuskanavat'

// Identity: Entra app for SSO + Graph (aadApp/create) and the bot's Entra app (botAadApp/create).
param aadAppTenantId string
param aadAppClientId string
@secure()
param aadAppClientSecret string
param botAadAppClientId string
@secure()
param botAadAppClientSecret string

// Runtime settings, named after the app's configuration keys (README "Configuration").
param teamId string = ''
param teamsAppId string = ''
@allowed(['private', 'shared'])
param channelType string = 'private'
param appTimezone string = 'Europe/Helsinki'
@allowed(['fi', 'en'])
param appLocale string = 'fi'
param logLevel string = 'info'
param billingSource string = ''
param billingMapping string = ''
@secure()
param billingAuthHeader string = ''
param adminGroupId string = ''
param directorGroupId string = ''
param serviceAccountUpn string = ''

// App Service on Linux hands the Node process its port; keep ours and the front end in step.
var listenPort = '8080'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: appServicePlanName
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSku
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    // Finnish collation so ORDER BY name sorts Å, Ä, Ö after Z (accounts A–Ö).
    collation: 'fi_FI.utf8'
  }
}

// 0.0.0.0–0.0.0.0 is Azure's rule for "allow Azure services"; the server still requires TLS
// and the admin password. Replace with VNet integration for production.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

var databaseUrl = 'postgres://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=require'
var webHost = '${webAppName}.azurewebsites.net'

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm run start:prod'
      alwaysOn: true // the scheduler (sync, weekly status, reminders) runs in-process
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'PORT', value: listenPort }
        { name: 'WEBSITES_PORT', value: listenPort }
        // The package is built by teamsapp deploy (cli/runNpmCommand), not on the server.
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'PUBLIC_BASE_URL', value: 'https://${webHost}' }
        // /home is the persistent share of App Service on Linux.
        { name: 'DATA_DIR', value: '/home/data' }
        { name: 'DATABASE_URL', value: databaseUrl }
        { name: 'AZURE_AUTHORITY_HOST', value: environment().authentication.loginEndpoint }
        { name: 'AAD_APP_TENANT_ID', value: aadAppTenantId }
        { name: 'AAD_APP_CLIENT_ID', value: aadAppClientId }
        { name: 'SECRET_AAD_APP_CLIENT_SECRET', value: aadAppClientSecret }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'SECRET_BOT_PASSWORD', value: botAadAppClientSecret }
        // Tab SSO tokens carry the manifest's webApplicationInfo.resource as audience.
        { name: 'SSO_EXTRA_AUDIENCES', value: 'api://${webHost}/botid-${botAadAppClientId}' }
        { name: 'TEAM_ID', value: teamId }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'CHANNEL_TYPE', value: channelType }
        { name: 'BILLING_SOURCE', value: billingSource }
        { name: 'BILLING_MAPPING', value: billingMapping }
        { name: 'SECRET_BILLING_AUTH_HEADER', value: billingAuthHeader }
        { name: 'APP_TIMEZONE', value: appTimezone }
        { name: 'APP_LOCALE', value: appLocale }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'ADMIN_GROUP_ID', value: adminGroupId }
        { name: 'DIRECTOR_GROUP_ID', value: directorGroupId }
        { name: 'SERVICE_ACCOUNT_UPN', value: serviceAccountUpn }
      ]
    }
  }
  dependsOn: [
    database
    allowAzureServices
  ]
}

// Single-tenant bot registration: its Entra app lives in the app's own tenant.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: aadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_POSTGRES_HOST string = postgres.properties.fullyQualifiedDomainName
