// The Medusa project the integration test boots (medusaIntegrationTestRunner, cwd = this folder): the
// plugin in sandbox mode with every SMS delivered, and the notification module with our sms provider.
// DATABASE_URL is set by the test (the runner's database); the engine keeps its esemes_* tables there too.
import { defineConfig } from '@medusajs/framework/utils';

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // No scheduled jobs: the write-back job (every minute) would otherwise build the runtime on its own,
    // racing the runner's database snapshots and restores. Subscribers are loaded in every mode.
    workerMode: 'server',
    http: { jwtSecret: 'integration-test', cookieSecret: 'integration-test', storeCors: '', adminCors: '', authCors: '' },
  },
  admin: { disable: true },
  plugins: [
    {
      resolve: '@esemes/medusa',
      options: {
        storeName: 'Test Mağaza',
        engine: { sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } } },
      },
    },
  ],
  modules: [
    {
      resolve: '@medusajs/medusa/notification',
      options: {
        providers: [{ resolve: '@esemes/medusa/providers/esemes', id: 'esemes', options: { channels: ['sms'] } }],
      },
    },
  ],
});
