/**
 * Seals C2 values for storage — AES-256-GCM under the active key id, a keyed HMAC-SHA256 for
 * exact-match lookups and joins, and the masked form for display — and opens them again.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { MaskKind } from '../ingest/domain/record-schemas.js';
import { FengkongError } from '../shared/errors.js';
import { mask } from './domain/mask.js';
import type { Keyring } from './keyring.js';

/** How a C2 value rests: `c` = `keyId.iv.ciphertext.tag` (base64url parts), `h` = keyed hash, `m` = masked. */
export interface SealedValue {
  c: string;
  h: string;
  m: string;
}

/** Canonical text of a value before hashing, so equal values hash equally whatever their type. */
function canonical(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// IVs are drawn from a pool of random bytes refilled in bulk: one system call per 4,096 values.
const IV_BYTES = 12;
const POOL_IVS = 4096;

export class PiiVault {
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(private readonly keyring: Keyring) {}

  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * POOL_IVS);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  /** Keyed hash of a value: equal values give equal hashes, and nobody without the key can test guesses. */
  hash(value: unknown): string {
    return createHmac('sha256', this.keyring.indexKey).update(canonical(value)).digest('base64url');
  }

  /** A key for another purpose (e.g. the audit chain), derived from the stable index key. */
  derivedKey(purpose: string): Buffer {
    return createHmac('sha256', this.keyring.indexKey).update(`fengkong:${purpose}`).digest();
  }

  encrypt(value: unknown, keyId = this.keyring.activeKeyId): string {
    const key = this.keyring.dataKeys.get(keyId);
    if (!key) throw new FengkongError('PII_KEY_UNKNOWN');
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated data: a ciphertext moved under another key id fails to open.
    cipher.setAAD(Buffer.from(keyId));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${keyId}.${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
  }

  decrypt(sealed: string): unknown {
    const [keyId = '', iv = '', ct = '', tag = ''] = sealed.split('.');
    const key = this.keyring.dataKeys.get(keyId);
    if (!key) throw new FengkongError('PII_KEY_UNKNOWN');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text);
  }

  seal(kind: MaskKind, value: unknown): SealedValue {
    return { c: this.encrypt(value), h: this.hash(value), m: mask(kind, value) };
  }

  /** The key id a sealed value was encrypted under (for rotation progress). */
  static keyIdOf(sealed: string): string {
    return sealed.slice(0, sealed.indexOf('.'));
  }
}
