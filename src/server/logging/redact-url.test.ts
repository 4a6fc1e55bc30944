import { describe, expect, it } from 'vitest';
import { redactUrl, withoutPassword } from './redact-url.js';

describe('redactUrl', () => {
  it('masks the value of the token query parameter and keeps the rest', () => {
    expect(redactUrl('/api/status?token=s3cret&limit=5')).toBe('/api/status?token=[REDACTED]&limit=5');
    expect(redactUrl('/api/bars?symbol=BTCUSDT&token=s3cret')).toBe('/api/bars?symbol=BTCUSDT&token=[REDACTED]');
  });

  it('masks every token parameter, whatever its case or percent-encoding', () => {
    expect(redactUrl('/?Token=a&%74oken=b&token=c#x')).toBe('/?Token=[REDACTED]&%74oken=[REDACTED]&token=[REDACTED]#x');
  });

  it('leaves other parameters that merely contain the word alone', () => {
    expect(redactUrl('/?tokens=1&my_token=2')).toBe('/?tokens=1&my_token=2');
  });

  it('returns a URL without a query as it is', () => {
    expect(redactUrl('/api/health')).toBe('/api/health');
  });

  it('masks a token parameter without a value too', () => {
    expect(redactUrl('/?token')).toBe('/?token=[REDACTED]');
  });
});

describe('withoutPassword', () => {
  it('masks the password of a service URL', () => {
    expect(withoutPassword('redis://:s3cret@cache:6379/0')).toBe('redis://:REDACTED@cache:6379/0');
  });

  it('returns a URL without a password, or no URL at all, as it is', () => {
    expect(withoutPassword('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(withoutPassword('not a url')).toBe('not a url');
  });
});
