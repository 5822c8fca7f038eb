import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationView } from '../../../protocol/src/notifications-api';
import { setLanguage } from '../i18n/i18n';
import { notificationText } from './notification-text';

type Shown = Pick<NotificationView, 'kind' | 'title' | 'body' | 'payload'>;
const stored = (kind: Shown['kind'], payload: Record<string, unknown>, title = 'server title', body = 'server body'): Shown => ({ kind, title, body, payload });

describe('a notification in the page\'s language', () => {
  afterEach(() => setLanguage('en', { remember: false }));

  it('in English, says what the server says (its mails carry the same words)', () => {
    expect(notificationText(stored('stage', { tokenId: '3', stage: 1, stageName: 'BodyShop', modelName: 'Astrale GT' }))).toEqual({
      title: 'Your Astrale GT is in the body shop',
      body: 'Follow it on the factory line, where it stands at its station now.',
    });
    expect(notificationText(stored('appointment', { action: 'requested', actor: 'owner', reason: 'service', tokenId: '4' })).title).toBe('A service appointment is requested for car #4');
    expect(notificationText(stored('appointment', { action: 'proposed', actor: 'dealer', reason: 'service', tokenId: '4', dealerName: 'Marque Lyon', slot: '2027-03-02T09:00:00.000Z' })).title).toBe(
      'Marque Lyon proposes another time for your service appointment',
    );
    expect(notificationText(stored('appointment', { action: 'cancelled', actor: 'owner', reason: 'repair', tokenId: '4' }))).toEqual({
      title: 'The repair appointment for car #4 was cancelled by its owner',
      body: 'The time is free again.',
    });
    expect(notificationText(stored('service-due', { tokenId: '1', reason: 'mileage', since: 'delivery', intervalKm: 15000, modelName: 'Astrale GT' }))).toEqual({
      title: 'Your Astrale GT is due for its service',
      body: 'It has covered 15,000 km since its delivery. Request an appointment in the service lounge.',
    });
    expect(notificationText(stored('add-on', { code: 'A-1', tokenId: '1', modelName: 'Astrale GT', addOnName: 'Nocturne livery' }, 't', 'The catalogue\'s description.'))).toEqual({
      title: 'New for your Astrale GT: Nocturne livery',
      body: 'The catalogue\'s description.',
    });
  });

  it('in French and Japanese, from the same payload, times and distances in the locale', async () => {
    await setLanguage('fr', { remember: false });
    expect(notificationText(stored('stage', { stageName: 'Delivered', modelName: 'Astrale GT' })).title).toBe('Votre Astrale GT a été livrée — son jumeau passe en version 2.0');
    const proposed = notificationText(stored('appointment', { action: 'proposed', actor: 'dealer', reason: 'service', tokenId: '4', dealerName: 'Marque Lyon', slot: '2027-03-02T09:00:00.000Z' }));
    expect(proposed.title).toBe('Marque Lyon propose un autre horaire pour votre rendez-vous (entretien)');
    const when = new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2027-03-02T09:00:00.000Z'));
    expect(proposed.body).toBe(`Proposé : ${when}. Acceptez-le ou annulez-le dans le salon d’entretien.`);
    expect(notificationText(stored('service-due', { reason: 'mileage', since: 'service', intervalKm: 15000, modelName: 'Astrale GT' })).body).toMatch(/^Elle a parcouru 15\s000\skm depuis son dernier entretien\./);
    await setLanguage('ja', { remember: false });
    expect(notificationText(stored('launch-invitation', { eventId: 'e', eventTitle: 'Astrale reveal', startsAt: '2027-01-10T19:00:00.000Z' })).title).toBe('ご招待：Astrale reveal');
    // No dealer's name: "your dealer" in the language.
    expect(notificationText(stored('appointment', { action: 'cancelled', actor: 'dealer', reason: 'inspection', tokenId: '9' })).title).toBe('担当販売店 が検査のご予約をキャンセルしました');
  });

  it('a payload without the words (stored before they were kept, an unknown stage or step) shows the server\'s text', async () => {
    await setLanguage('de', { remember: false });
    const old = [
      stored('stage', { tokenId: '3', stage: 1, stageName: 'BodyShop' }),
      stored('stage', { stageName: 'Teleported', modelName: 'Astrale GT' }),
      stored('appointment', { appointmentId: '1', action: 'proposed', slot: '2027-03-02T09:00:00.000Z' }),
      stored('appointment', { action: 'rescheduled', reason: 'service', tokenId: '4' }),
      stored('launch-invitation', { eventId: 'e', startsAt: '2027-01-10T19:00:00.000Z' }),
      stored('add-on', { code: 'A-1', tokenId: '1' }),
      stored('service-due', { tokenId: '1', reason: 'date' }),
    ];
    for (const n of old) expect(notificationText(n), JSON.stringify(n.payload)).toEqual({ title: 'server title', body: 'server body' });
  });
});
