import { describe, expect, it } from 'vitest';
import { createLogger } from './log';

describe('logger', () => {
  it('never writes passwords, tokens or bodies', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    log.info('x', { password: 'hunter2', token: 'abc', body: 'secret text', justification: 'j', channel: 'chat:send' });
    expect(lines.join('\n')).not.toMatch(/hunter2|abc|secret text/);
    expect(lines.join('\n')).toContain('chat:send');
  });
});
