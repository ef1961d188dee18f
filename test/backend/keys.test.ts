import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, generateKey, hashKey, keyHint, parseKey } from '../../backend/core/keys.ts';

test('keys carry prefix, 131 random bits and a checksum', () => {
  for (const kind of ['publishable', 'staff', 'admin'] as const) {
    const key = generateKey(kind);
    assert.match(key, /^bn_(pk|sk|ak)_[0-9A-Za-z]{28}$/);
    assert.equal(parseKey(key), kind);
  }
  const many = new Set(Array.from({ length: 2000 }, () => generateKey('staff')));
  assert.equal(many.size, 2000);
});

test('a single typo fails the checksum', () => {
  const key = generateKey('publishable');
  for (let i = 6; i < key.length; i++) {
    const c = key[i] === 'a' ? 'b' : 'a';
    assert.equal(parseKey(key.slice(0, i) + c + key.slice(i + 1)), null, `typo at ${i}`);
  }
  // Swapping the prefix is a different key: the checksum covers it.
  assert.equal(parseKey(key.replace('bn_pk_', 'bn_sk_')), null);
  assert.equal(parseKey(''), null);
  assert.equal(parseKey(key + 'x'), null);
});

test('crc32 matches the standard check value', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
});

test('hash and hint never contain the secret body', () => {
  const key = generateKey('staff');
  assert.equal(hashKey(key).length, 32);
  assert.equal(keyHint(key), `bn_sk_…${key.slice(-4)}`);
});
