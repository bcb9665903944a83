/**
 * C3 personal financial information (JR/T 0171-2020): authentication data such as passwords, card
 * verification codes, card expiry dates, track data, one-time codes and biometric templates. The
 * platform refuses any record that carries such a field, at any depth, and never stores it.
 */

/** Field names (lower-case, without `_`/`-`) that hold C3 data. */
const C3_NAMES = new Set([
  'password', 'passwd', 'pwd', 'loginpassword', 'paymentpassword', 'paypassword', 'pin', 'pinblock',
  'cvv', 'cvv2', 'cvc', 'cvc2', 'cvn', 'cvn2', 'cid', 'cardverificationcode', 'securitycode',
  'expiry', 'expirydate', 'expirationdate', 'cardexpiry', 'validthru', 'validthrough',
  'track1', 'track2', 'track3', 'trackdata', 'magneticstripe',
  'otp', 'smscode', 'verificationcode', 'securityanswer',
  'biometric', 'biometrictemplate', 'facetemplate', 'faceimage', 'fingerprinttemplate', 'fingerprintimage',
  'voiceprint', 'iristemplate', 'palmprint',
]);

// Field names repeat from record to record: remember the verdict (bounded, names come from outside).
const verdicts = new Map<string, boolean>();

/** Whether a field name holds C3 data (any spelling: `cvv2`, `CVV_2`, `card-verification-code`). */
export function isC3Name(key: string): boolean {
  let v = verdicts.get(key);
  if (v === undefined) {
    v = C3_NAMES.has(key.toLowerCase().replace(/[_\-\s]/g, ''));
    if (verdicts.size < 10_000) verdicts.set(key, v);
  }
  return v;
}

/** Paths of every C3 field in a value, e.g. `["cvv", "attributes.password"]`. */
export function findC3Fields(value: unknown, prefix = '', depth = 0, found: string[] = []): string[] {
  if (depth > 8 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) findC3Fields(value[i], `${prefix}[${i}]`, depth + 1, found);
    return found;
  }
  // Hot path (every record): paths are built only for a hit or a nested object.
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (isC3Name(key)) {
      if (v !== null && v !== undefined && v !== '') found.push(prefix ? `${prefix}.${key}` : key);
    } else if (v !== null && typeof v === 'object') findC3Fields(v, prefix ? `${prefix}.${key}` : key, depth + 1, found);
  }
  return found;
}
