import type { NotificationView } from '../../../protocol/src/notifications-api';
import { formatDateTime, formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';

/**
 * A notification's title and body in the page's language. The server stores its English text
 * (what mail and push carry) and, in `payload`, what the text is made of (server/src/notifications:
 * the model's name, the appointment's step and reason, the launch's title and time…); from those
 * the page says it again in its own words. A notification whose payload lacks them (one stored
 * before they were kept, a kind or stage this page has no words for) shows the server's text.
 */
export function notificationText(n: Pick<NotificationView, 'kind' | 'title' | 'body' | 'payload'>): { title: string; body: string } {
  return translated(n) ?? { title: n.title, body: n.body };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

const STAGES: Readonly<Record<string, string>> = {
  BodyShop: 'notifications.messages.stage.BodyShop',
  Paint: 'notifications.messages.stage.Paint',
  Assembly: 'notifications.messages.stage.Assembly',
  Quality: 'notifications.messages.stage.Quality',
  Delivered: 'notifications.messages.stage.Delivered',
};

const REASONS: Readonly<Record<string, string>> = {
  service: 'notifications.messages.reasons.service',
  repair: 'notifications.messages.reasons.repair',
  inspection: 'notifications.messages.reasons.inspection',
  'add-on': 'notifications.messages.reasons.add-on',
};

function translated({ kind, body, payload }: Pick<NotificationView, 'kind' | 'body' | 'payload'>): { title: string; body: string } | undefined {
  const model = text(payload.modelName);
  switch (kind) {
    case 'stage': {
      const stage = text(payload.stageName);
      if (!model || !stage || !Object.hasOwn(STAGES, stage)) return undefined;
      return {
        title: t(STAGES[stage]!, { model }),
        body: t(stage === 'Delivered' ? 'notifications.messages.stage.deliveredBody' : 'notifications.messages.stage.lineBody'),
      };
    }
    case 'appointment': {
      const reasonCode = text(payload.reason);
      const tokenId = text(payload.tokenId);
      const action = text(payload.action);
      if (!reasonCode || !Object.hasOwn(REASONS, reasonCode) || !tokenId || !action) return undefined;
      const values = { reason: t(REASONS[reasonCode]!), tokenId, dealer: text(payload.dealerName) ?? t('notifications.messages.appointment.yourDealer') };
      const slot = text(payload.slot);
      const when = slot && formatDateTime(slot);
      const key = 'notifications.messages.appointment';
      switch (action) {
        case 'requested':
          return { title: t(`${key}.requested`, values), body: t(`${key}.requestedBody`) };
        case 'confirmed':
          return { title: t(`${key}.confirmed`, values), body: when ? t(`${key}.confirmedBody`, { when }) : t(`${key}.confirmedNoTime`) };
        case 'proposed':
          return { title: t(`${key}.proposed`, values), body: when ? t(`${key}.proposedBody`, { when }) : t(`${key}.proposedNoTime`) };
        case 'accepted':
          return { title: t(`${key}.accepted`, values), body: when ? t(`${key}.acceptedBody`, { when }) : t(`${key}.acceptedNoTime`) };
        case 'cancelled':
          return payload.actor === 'owner'
            ? { title: t(`${key}.cancelledByOwner`, values), body: t(`${key}.cancelledByOwnerBody`) }
            : payload.actor === 'dealer'
              ? { title: t(`${key}.cancelledByDealer`, values), body: t(`${key}.cancelledByDealerBody`) }
              : undefined;
        default:
          return undefined;
      }
    }
    case 'launch-invitation': {
      const title = text(payload.eventTitle);
      const startsAt = text(payload.startsAt);
      if (!title || !startsAt || Number.isNaN(Date.parse(startsAt))) return undefined;
      return { title: t('notifications.messages.launch.title', { title }), body: t('notifications.messages.launch.body', { when: formatDateTime(startsAt) }) };
    }
    case 'add-on': {
      const addOn = text(payload.addOnName);
      if (!model || !addOn) return undefined;
      // The add-on's description is the catalogue's (English) words.
      return { title: t('notifications.messages.addOn.title', { model, addOn }), body };
    }
    case 'service-due': {
      const since = payload.since === 'delivery' || payload.since === 'service' ? payload.since : undefined;
      const km = typeof payload.intervalKm === 'number' ? payload.intervalKm : undefined;
      if (!model || !since || (payload.reason !== 'mileage' && payload.reason !== 'date') || (payload.reason === 'mileage' && km === undefined)) return undefined;
      const key = 'notifications.messages.serviceDue';
      const distance = km !== undefined ? formatNumber(km, { style: 'unit', unit: 'kilometer', unitDisplay: 'short' }) : '';
      const bodies = {
        'mileage-delivery': () => t(`${key}.mileageSinceDelivery`, { distance }),
        'mileage-service': () => t(`${key}.mileageSinceService`, { distance }),
        'date-delivery': () => t(`${key}.yearSinceDelivery`),
        'date-service': () => t(`${key}.yearSinceService`),
      } as const;
      return { title: t(`${key}.title`, { model }), body: bodies[`${payload.reason}-${since}`]() };
    }
    default:
      return undefined;
  }
}
