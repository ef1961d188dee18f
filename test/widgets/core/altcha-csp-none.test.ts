import { expect } from '@open-wc/testing';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import * as altcha from '../../../widgets/core/altcha.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { fakeFetch, guardConsole, json } from '../helpers.ts';

guardConsole();

// A CSP added by a meta element applies to everything loaded afterwards; this file
// runs in its own page, so the policy affects these tests only.
const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = "worker-src 'none'";
document.head.append(meta);

describe(`ALTCHA under a strict CSP (worker-src 'none')`, () => {
  it('without a worker-src allowance falls back to the main thread', async () => {
    const challenge = await createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 500, keyPrefix: '0', deriveKey, hmacSignatureSecret: 's' });
    const client = new ApiClient({ baseUrl: 'https://api.example', apiKey: 'bn_pk_x', fetch: fakeFetch(() => json(challenge)) });
    const header = await altcha.solveAltcha(client);
    expect(altcha.lastSolvedIn).to.equal('main-thread');
    const payload = JSON.parse(atob(header));
    const result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, hmacSignatureSecret: 's' });
    expect(result.verified).to.be.true;
  });
});
