// The legacy Medusa v1 subscriber: v1 builds each class default-exported by subscribers/*.js once at boot,
// as `new Subscriber(cradle, pluginOptions)`; this one subscribes the esemes notification provider
// (`noti_esemes`) to the order events it handles. v1's NotificationService then calls the provider's
// sendNotification for each (and itself drops events whose data has `no_notification: true`).
import { V1_EVENTS, V1_IDENTIFIER } from './notification-service.js';

/** What the subscriber uses of v1's NotificationService. */
export interface V1NotificationServiceLike {
  subscribe(eventName: string, providerId: string): void;
}

export class EsemesV1Subscriber {
  /** The events subscribed, in order. */
  static readonly events: readonly string[] = V1_EVENTS;

  constructor({ notificationService }: { notificationService: V1NotificationServiceLike }, _options?: unknown) {
    for (const event of V1_EVENTS) notificationService.subscribe(event, V1_IDENTIFIER);
  }
}

export default EsemesV1Subscriber;
