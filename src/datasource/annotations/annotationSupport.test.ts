import { EVENT_KINDS } from '../types';
import { annotationQueryOf } from './annotationSupport';

describe('annotation query', () => {
  it('is a PMM query routed to events, every kind by default', () => {
    const query = annotationQueryOf({ name: 'PMM events', enable: true, iconColor: 'red' });
    expect(query).toEqual({ refId: 'Anno', queryType: 'annotations', eventKinds: [...EVENT_KINDS] });
  });

  it('keeps the kinds, wallet and threshold picked in the editor', () => {
    const query = annotationQueryOf({
      name: 'x',
      enable: true,
      iconColor: 'red',
      target: { refId: 'A', eventKinds: ['flash-loan'], wallet: '$wallet', minFillUsd: 1000 },
    });
    expect(query).toMatchObject({
      queryType: 'annotations',
      eventKinds: ['flash-loan'],
      wallet: '$wallet',
      minFillUsd: 1000,
    });
  });
});
