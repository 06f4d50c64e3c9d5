// `providers: [{ resolve: '@esemes/medusa/providers/esemes', id: 'esemes', options: { channels: ['sms'] } }]`
// in the notification module's options.
import { ModuleProvider, Modules } from '@medusajs/framework/utils';
import { EsemesNotificationProviderService } from './service.js';

export default ModuleProvider(Modules.NOTIFICATION, { services: [EsemesNotificationProviderService] });
