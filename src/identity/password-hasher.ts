/**
 * argon2id password hashing (@node-rs/argon2, native, off the main thread). The parameters are
 * OWASP's argon2id baseline (19 MiB, 2 passes): about 50 ms per hash on this machine.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PasswordHasher {
  // A real hash of nothing anyone knows: an unknown user name costs a verify like a known one,
  // so response time does not tell which names exist.
  private decoy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of a verify and answers no. */
  async verifyDecoy(password: string): Promise<false> {
    this.decoy ??= hash(`decoy:${Math.random()}`, OPTIONS);
    await this.verify(await this.decoy, password);
    return false;
  }
}
