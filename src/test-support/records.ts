/** Valid records for tests, built field by field so each test states only what it changes. */

let counter = 0;

export function nextId(prefix = 'ev'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** Builds an 18-digit resident id with a correct check character. */
export function nationalId(seed: number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `110105${1960 + (seed % 40)}${String((seed % 12) + 1).padStart(2, '0')}${String((seed % 28) + 1).padStart(2, '0')}${String(seed % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i]!;
  return body + '10X98765432'[sum % 11]!;
}

export function phone(seed: number): string {
  return `139${String(10_000_000 + (seed % 90_000_000)).slice(-8)}`;
}

export function cardNumber(seed: number): string {
  return `622202${String(1_000_000_000 + seed).slice(-10)}`;
}

export function payment(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: nextId(),
    type: 'payment',
    occurredAt: '2026-11-20T10:15:00+08:00',
    customerId: 'cust-1',
    amount: 12_345,
    currency: 'CNY',
    accountId: 'acc-1',
    merchantId: 'mch-1',
    deviceId: 'dev-1',
    ip: '203.0.113.7',
    channel: 'app',
    ...over,
  };
}

export function customer(seed: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `cust-${seed}`,
    type: 'customer',
    name: '张三丰',
    nationalId: nationalId(seed),
    phone: phone(seed),
    address: '北京市朝阳区建国路 88 号',
    registeredAt: '2025-03-01T09:00:00+08:00',
    kycLevel: 'enhanced',
    ...over,
  };
}
