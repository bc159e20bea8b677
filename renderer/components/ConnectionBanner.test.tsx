import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/ipc/types';
import { ConnectionBanner } from './ConnectionBanner';

const base: SessionState = { phase: 'online', configErrors: [], configWarnings: [], rememberPasswordAllowed: true, hasSavedPassword: false };
const text = (s: SessionState) => renderToStaticMarkup(<ConnectionBanner session={s} />).replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'");

describe('ConnectionBanner', () => {
  it('says nothing while online', () => {
    expect(text(base)).toBe('');
  });

  it('offline without a reason: the network, and that it keeps trying', () => {
    expect(text({ ...base, phase: 'offline' })).toContain('keeps trying to reconnect');
  });

  it('offline because the server ended the session: the server’s words, and no promise to reconnect', () => {
    const t = text({ ...base, phase: 'offline', error: 'The server closed the session: This server accepts only approved client software.' });
    expect(t).toContain('You are offline.');
    expect(t).toContain('The server closed the session: This server accepts only approved client software.');
    expect(t).not.toContain('keeps trying');
  });
});
