/**
 * Seals C2 values for storage — AES-256-GCM under the active key id, a keyed HMAC-SHA256 for
 * exact-match lookups and joins, and the masked form for display — and opens them again. The
 * keyring can be swapped while running (key rotation): sealing follows the active key at once.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { MaskKind } from '../ingest/domain/record-schemas.js';
import { FengkongError } from '../shared/errors.js';
import { mask } from './domain/mask.js';
import { keyIdOf } from './domain/reseal.js';
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

  /**
   * Asked once when a sealed value names a key id this vault does not know — a rotation another
   * process installed moments ago — to reload the keyring; true when it did. Set by the key watcher.
   */
  onUnknownKey: ((keyId: string) => boolean) | null = null;

  constructor(private keyring: Keyring) {}

  /**
   * Swaps in a newer keyring at run time: encryption moves to its active key, every key of the
   * old one must still be there (their data is not re-encrypted yet) and the index key must not
   * change (it keys the look-up hashes and the audit chain).
   */
  reload(next: Keyring): void {
    if (!next.indexKey.equals(this.keyring.indexKey)) throw new FengkongError('CONFIG_INVALID', { note: 'the PII index key cannot change' });
    for (const [id, key] of this.keyring.dataKeys) {
      if (!next.dataKeys.get(id)?.equals(key)) throw new FengkongError('CONFIG_INVALID', { note: `PII key ${id} was removed or changed` });
    }
    this.keyring = next;
  }

  /** The data key ids this vault can open. */
  get keyIds(): string[] {
    return [...this.keyring.dataKeys.keys()];
  }

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
    return this.sealBytes(Buffer.from(JSON.stringify(value), 'utf8'), keyId);
  }

  decrypt(sealed: string): unknown {
    return JSON.parse(this.openBytes(sealed).toString('utf8'));
  }

  /** The same clear bytes sealed again under the active key (key rotation): nothing is re-parsed. */
  reencrypt(sealed: string): string {
    return this.sealBytes(this.openBytes(sealed), this.keyring.activeKeyId);
  }

  private keyFor(keyId: string): Buffer {
    const key = this.keyring.dataKeys.get(keyId) ?? (this.onUnknownKey?.(keyId) ? this.keyring.dataKeys.get(keyId) : undefined);
    if (!key) throw new FengkongError('PII_KEY_UNKNOWN');
    return key;
  }

  private sealBytes(clear: Buffer, keyId: string): string {
    const key = this.keyFor(keyId);
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated data: a ciphertext moved under another key id fails to open.
    cipher.setAAD(Buffer.from(keyId));
    const ct = Buffer.concat([cipher.update(clear), cipher.final()]);
    return `${keyId}.${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
  }

  private openBytes(sealed: string): Buffer {
    const [keyId = '', iv = '', ct = '', tag = ''] = sealed.split('.');
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  }

  seal(kind: MaskKind, value: unknown): SealedValue {
    return { c: this.encrypt(value), h: this.hash(value), m: mask(kind, value) };
  }

  /** The key id a sealed value was encrypted under (for rotation progress). */
  static keyIdOf(sealed: string): string {
    return keyIdOf(sealed);
  }
}
