/**
 * The schemas of everything the platform ingests: four entity kinds (real-name KYC customers,
 * accounts, cards, devices) and eleven event types sharing one envelope. One TypeBox definition
 * validates, types and documents each record; `x-pii` marks C2 fields (JR/T 0171-2020) with the
 * masking rule that shows them.
 */
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { MAX_AMOUNT_MINOR } from '../../shared/money.js';

/** How a C2 field is masked wherever it is shown. */
export type MaskKind = 'name' | 'nationalId' | 'phone' | 'cardNumber' | 'address' | 'email' | 'amount' | 'text';

const c2 = (mask: MaskKind) => ({ 'x-pii': mask });

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 128, description });
const Timestamp = (description: string) =>
  Type.String({ minLength: 1, maxLength: 40, description: `${description} (ISO 8601 with offset)`, 'x-timestamp': true });
const Amount = Type.Integer({
  minimum: 1,
  maximum: MAX_AMOUNT_MINOR,
  description: 'Integer minor units, e.g. 1234 for 12.34 CNY',
});
const Currency = Type.String({ minLength: 3, maxLength: 3, description: 'ISO 4217 code, e.g. CNY' });
const Ip = Type.String({ minLength: 2, maxLength: 45, description: 'IPv4 or IPv6 address', 'x-ip': true });
const Channel = Type.String({ minLength: 1, maxLength: 32, description: 'app, web, h5, mini_program, api, …' });
const Phone = Type.String({ minLength: 5, maxLength: 20, description: 'Mobile number', ...c2('phone'), 'x-phone': true });
const NationalId = Type.String({
  minLength: 15,
  maxLength: 18,
  description: 'Resident identity card number (18 digits with checksum, or 15)',
  ...c2('nationalId'),
  'x-national-id': true,
});
const Name = Type.String({ minLength: 1, maxLength: 100, description: 'Real name', ...c2('name') });
const CardNumber = Type.String({
  minLength: 12,
  maxLength: 23,
  description: 'Bank card number (12–19 digits; spaces allowed)',
  ...c2('cardNumber'),
  'x-card-number': true,
});
const Attributes = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 512 }), Type.Number(), Type.Boolean(), Type.Null()]), {
  description: 'Free C1 attributes from the source system, usable in rules',
});

/** Fields every event carries: the envelope that the decision API takes too. */
const envelope = {
  id: Id('Event id, unique per event; repeats are idempotent'),
  occurredAt: Timestamp('When it happened'),
  customerId: Id('Customer the event belongs to'),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Sending system' })),
  channel: Type.Optional(Channel),
  deviceId: Type.Optional(Id('Device fingerprint id')),
  ip: Type.Optional(Ip),
  attributes: Type.Optional(Attributes),
};

const money = { amount: Amount, currency: Currency };

function event<T extends string, P extends TProperties>(type: T, props: P, description: string) {
  return Type.Object({ type: Type.Literal(type), ...envelope, ...props }, { additionalProperties: false, description });
}

export const EventSchemas = {
  registration: event('registration', { phone: Phone, referrerId: Type.Optional(Id('Referring customer')) }, 'A customer registers'),
  login: event(
    'login',
    {
      success: Type.Boolean(),
      method: Type.Optional(Type.Union([Type.Literal('password'), Type.Literal('sms'), Type.Literal('biometric'), Type.Literal('sso'), Type.Literal('qr')])),
      failureReason: Type.Optional(Type.String({ maxLength: 64 })),
    },
    'A login attempt',
  ),
  payment: event(
    'payment',
    {
      ...money,
      accountId: Id('Paying account'),
      merchantId: Id('Merchant'),
      merchantCategory: Type.Optional(Type.String({ pattern: '^[0-9]{4}$', description: 'ISO 18245 merchant category code' })),
      cardId: Type.Optional(Id('Card used')),
    },
    'A payment to a merchant',
  ),
  transfer: event(
    'transfer',
    {
      ...money,
      accountId: Id('Sending account'),
      counterpartyId: Id('Receiving party (account or external id)'),
      counterpartyName: Type.Optional({ ...Name, description: 'Receiving party name' }),
      counterpartyAccount: Type.Optional({ ...CardNumber, description: 'Receiving bank card or account number' }),
      counterpartyBank: Type.Optional(Type.String({ maxLength: 32 })),
    },
    'A transfer to another party',
  ),
  withdrawal: event('withdrawal', { ...money, accountId: Id('Account debited'), cardId: Id('Bank card credited') }, 'Funds withdrawn to a bank card'),
  top_up: event('top_up', { ...money, accountId: Id('Account credited'), cardId: Type.Optional(Id('Bank card debited')) }, 'Funds added from a bank card'),
  loan_application: event(
    'loan_application',
    {
      ...money,
      applicationId: Id('Application id'),
      productId: Id('Loan product'),
      termMonths: Type.Integer({ minimum: 1, maximum: 360 }),
      purpose: Type.Optional(Type.String({ maxLength: 64 })),
      declaredIncome: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_MINOR, description: 'Monthly income, minor units' })),
      employment: Type.Optional(Type.Union(['employed', 'self_employed', 'student', 'retired', 'unemployed', 'other'].map((v) => Type.Literal(v)))),
      name: Type.Optional(Name),
      nationalId: Type.Optional(NationalId),
      phone: Type.Optional(Phone),
    },
    'A loan application (贷前)',
  ),
  loan_disbursement: event(
    'loan_disbursement',
    {
      ...money,
      loanId: Id('Loan'),
      applicationId: Type.Optional(Id('Application it came from')),
      accountId: Id('Account credited'),
      termMonths: Type.Integer({ minimum: 1, maximum: 360 }),
      annualRateBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, description: 'Annual rate in basis points' })),
    },
    'A loan paid out',
  ),
  repayment: event(
    'repayment',
    {
      ...money,
      loanId: Id('Loan'),
      installmentNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      dueAt: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'When the installment is or was due (ISO 8601 with offset; may be in the future)', 'x-timestamp': true, 'x-schedule': true })),
      daysPastDue: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500 })),
      accountId: Type.Optional(Id('Account debited')),
    },
    'A loan repayment (贷后)',
  ),
  custody_statement: Type.Object(
    {
      type: Type.Literal('custody_statement'),
      ...envelope,
      customerId: Type.Optional(Id('Customer whose funds the line concerns')),
      ...money,
      bankTxnRef: Id('Custody bank transaction reference'),
      platformTxnId: Type.Optional(Id('Platform event id the bank line settles')),
      accountId: Type.Optional(Id('Custody sub-account')),
      direction: Type.Union([Type.Literal('credit'), Type.Literal('debit')]),
      status: Type.Union(['settled', 'pending', 'frozen', 'failed', 'returned'].map((v) => Type.Literal(v))),
      bankCode: Type.Optional(Type.String({ maxLength: 16 })),
      valueDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', 'x-date': true })),
      balance: Type.Optional(Type.Integer({ minimum: -MAX_AMOUNT_MINOR, maximum: MAX_AMOUNT_MINOR, ...c2('amount') })),
    },
    { additionalProperties: false, description: 'A line of the custody bank statement (资金存管)' },
  ),
  complaint: event(
    'complaint',
    {
      complaintId: Id('Complaint id'),
      category: Type.Union(['fraud', 'service', 'fees', 'collection', 'privacy', 'product', 'other'].map((v) => Type.Literal(v))),
      relatedEventId: Type.Optional(Id('Event complained about')),
      description: Type.Optional(Type.String({ maxLength: 4000, ...c2('text') })),
    },
    'A customer complaint (投诉)',
  ),
} as const;

const entityCommon = {
  id: Id('Entity id'),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  updatedAt: Type.Optional(Timestamp('Version of the record at the source; newer wins')),
  attributes: Type.Optional(Attributes),
};

function entity<T extends string, P extends TProperties>(type: T, props: P, description: string) {
  return Type.Object({ type: Type.Literal(type), ...entityCommon, ...props }, { additionalProperties: false, description });
}

export const EntitySchemas = {
  customer: entity(
    'customer',
    {
      name: Name,
      nationalId: NationalId,
      phone: Phone,
      address: Type.Optional(Type.String({ maxLength: 300, ...c2('address') })),
      email: Type.Optional(Type.String({ maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$', ...c2('email') })),
      gender: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('U')])),
      occupation: Type.Optional(Type.String({ maxLength: 64 })),
      industry: Type.Optional(Type.String({ maxLength: 64 })),
      annualIncome: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT_MINOR, description: 'Minor units' })),
      registeredAt: Timestamp('Registration time'),
      kycLevel: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('basic'), Type.Literal('enhanced')])),
      riskTolerance: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
    },
    'A real-name (KYC) customer',
  ),
  account: entity(
    'account',
    {
      customerId: Id('Owner'),
      kind: Type.Union(['wallet', 'loan', 'wealth', 'custody'].map((v) => Type.Literal(v))),
      currency: Currency,
      openedAt: Timestamp('Opening time'),
      status: Type.Union([Type.Literal('active'), Type.Literal('frozen'), Type.Literal('closed')]),
      balance: Type.Optional(Type.Integer({ minimum: -MAX_AMOUNT_MINOR, maximum: MAX_AMOUNT_MINOR, ...c2('amount') })),
    },
    'An account held by a customer',
  ),
  card: entity(
    'card',
    {
      customerId: Id('Holder'),
      cardNumber: CardNumber,
      bankCode: Type.Optional(Type.String({ maxLength: 16 })),
      cardType: Type.Union([Type.Literal('debit'), Type.Literal('credit')]),
      boundAt: Timestamp('When the card was bound'),
      status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('unbound')])),
    },
    'A bank card bound to a customer',
  ),
  device: entity(
    'device',
    {
      customerId: Type.Optional(Id('Customer first seen on it')),
      platform: Type.Optional(Type.Union(['ios', 'android', 'web', 'other'].map((v) => Type.Literal(v)))),
      model: Type.Optional(Type.String({ maxLength: 64 })),
      osVersion: Type.Optional(Type.String({ maxLength: 32 })),
      emulator: Type.Optional(Type.Boolean()),
      rooted: Type.Optional(Type.Boolean()),
      firstSeenAt: Type.Optional(Timestamp('First seen')),
    },
    'A device fingerprint',
  ),
} as const;

export type EventType = keyof typeof EventSchemas;
export type EntityType = keyof typeof EntitySchemas;
export type RecordType = EventType | EntityType;

export const EVENT_TYPES = Object.keys(EventSchemas) as EventType[];
export const ENTITY_TYPES = Object.keys(EntitySchemas) as EntityType[];
export const RECORD_TYPES: readonly RecordType[] = [...ENTITY_TYPES, ...EVENT_TYPES];

/** Event types that move money: they carry `amount` and `currency`. */
export const MONEY_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => 'amount' in EventSchemas[t].properties);

export function schemaOf(type: RecordType): TObject {
  return (type in EventSchemas ? EventSchemas[type as EventType] : EntitySchemas[type as EntityType]) as TObject;
}

export function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EventSchemas, value);
}

export type EventRecord = { [K in EventType]: Static<(typeof EventSchemas)[K]> }[EventType];
export type EntityRecord = { [K in EntityType]: Static<(typeof EntitySchemas)[K]> }[EntityType];
export type CustomerRecord = Static<typeof EntitySchemas.customer>;
export type IngestRecord = EventRecord | EntityRecord;
