import { describe, expect, it } from 'vitest';
import { mayAccessClient, parseListClaim, principalFromClaims, visibleClients } from '../../../functions/api/authorize.ts';
import { ApiError } from '../../../functions/api/errors.ts';

describe('parseListClaim', () => {
  it.each([
    [['a', 'b'], ['a', 'b']],
    ['["a","b"]', ['a', 'b']],
    ['[admin consultant]', ['admin', 'consultant']],
    ['[consultant]', ['consultant']],
    ['a,b', ['a', 'b']],
    ['a, b  c', ['a', 'b', 'c']],
    ['', []],
    [undefined, []],
    [42, []],
    [['a', 3, ' b '], ['a', 'b']],
  ])('%j → %j', (input, expected) => {
    expect(parseListClaim(input)).toEqual(expected);
  });
});

describe('principalFromClaims', () => {
  it('admin wins over consultant and sees every client', () => {
    const p = principalFromClaims({ sub: 'x', 'cognito:groups': ['consultant', 'admin'] });
    expect(p.role).toBe('admin');
    expect(mayAccessClient(p, 'anything')).toBe(true);
    expect(visibleClients(p, ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('a consultant sees the clients of `clients` or Cognito\'s `custom:clients`, in any list shape', () => {
    const fromArray = principalFromClaims({ sub: 'anna', 'cognito:groups': ['consultant'], clients: ['sodertalje'] });
    const fromCognito = principalFromClaims({ sub: 'anna', 'cognito:groups': '[consultant]', 'custom:clients': 'sodertalje,nykoping' });
    expect(mayAccessClient(fromArray, 'sodertalje')).toBe(true);
    expect(mayAccessClient(fromArray, 'nykoping')).toBe(false);
    expect(mayAccessClient(fromCognito, 'nykoping')).toBe(true);
    expect(visibleClients(fromCognito, ['a', 'nykoping', 'sodertalje'])).toEqual(['nykoping', 'sodertalje']);
  });

  it('ignores client ids that are not slugs (no pattern tricks)', () => {
    const p = principalFromClaims({ sub: 'anna', 'cognito:groups': ['consultant'], clients: '*,../x,Sodertalje' });
    expect(p.role === 'consultant' && [...p.clients]).toEqual([]);
  });

  it('a caller in no known group may access nothing', () => {
    const p = principalFromClaims({ sub: 'eve', 'cognito:groups': ['viewer'], clients: ['sodertalje'] });
    expect(p.role).toBe('none');
    expect(mayAccessClient(p, 'sodertalje')).toBe(false);
  });

  it('a token without sub is refused', () => {
    expect(() => principalFromClaims({ 'cognito:groups': ['admin'] })).toThrow(ApiError);
  });
});
