import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { translate } from '../i18n/i18n.tsx';
import { errorText } from './error-notice.tsx';

const fr = { t: (k: string, p?: Record<string, string | number>) => translate('fr', k, p) } as never;

describe('API errors in plain words', () => {
  it('says the server is unreachable on a network failure', () => {
    expect(errorText(new ApiError(0, 'network', ''), fr)).toMatch(/ne répond pas/);
  });

  it('passes the server message of a 400 through', () => {
    expect(
      errorText(new ApiError(400, 'invalid_input', 'surfaceHa.min: must be greater than 0 ha'), fr),
    ).toContain('surfaceHa.min: must be greater than 0 ha');
  });

  it('never shows a raw 500 message', () => {
    expect(errorText(new ApiError(500, 'internal_error', 'stack trace…'), fr)).not.toContain('stack');
  });
});
