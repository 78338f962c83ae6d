import type { Address, CallingPlan } from '../../domain/types.js';
import { countryCode, regionCode } from '../../domain/address.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { SUBMIT_CHOICE_KEY, SUBMIT_FORM_KEY } from '../reply.js';
import { toE164 } from './calling-plan.js';
import { NOT_UNDERSTOOD } from './message.js';
import { findNumbers } from './numbers.js';
import { isValidEmail } from './steps-account.js';

type Fields = Record<string, unknown>;

/** Card values arrive as strings (Adaptive Card inputs), but numbers and booleans are tolerated. */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function count(v: unknown): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const nums = findNumbers(s);
  return nums.length === 1 ? nums[0]?.value : undefined;
}

function addressFrom(f: Fields): Partial<Address> | undefined {
  const a: Partial<Address> = {};
  const rawLines = Array.isArray(f.lines) ? f.lines.map(str) : [str(f.lines) ?? str(f.line1), str(f.line2)];
  const lines = rawLines.filter((l): l is string => l !== undefined).flatMap((l) => l.split('\n')).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > 0) a.lines = lines.slice(0, 2);
  const city = str(f.city);
  if (city) a.city = city;
  const countryText = str(f.country);
  if (countryText) {
    const code = countryCode(countryText);
    if (!code) return undefined;
    a.country = code;
  }
  const region = str(f.region);
  if (region) a.region = regionCode(region, a.country)?.region ?? region;
  const postal = str(f.postalCode);
  if (postal) a.postalCode = postal.toUpperCase();
  return Object.keys(a).length > 0 ? a : undefined;
}

function callingPlanFrom(f: Fields): CallingPlan | undefined {
  const newNumbers = f.newNumbers === undefined || str(f.newNumbers) === undefined ? 0 : count(f.newNumbers);
  if (newNumbers === undefined) return undefined;
  const portText = Array.isArray(f.port) ? f.port.map(str).filter((s): s is string => s !== undefined) : (str(f.port) ?? '').split(/[,;\n]+/);
  const port: string[] = [];
  for (const p of portText.map((s) => s.trim()).filter((s) => s !== '')) {
    const phone = toE164(p);
    // A card form is explicit: a number that needs its country guessed is rejected rather than guessed.
    if (!phone || phone.guessed) return undefined;
    port.push(phone.e164);
  }
  const plan: CallingPlan = { newNumbers, port };
  const area = str(f.area);
  if (area) plan.area = area;
  return plan;
}

/** Longer than any field of a card form (an address line, a list of numbers to port). */
export const MAX_FIELD_CHARS = 1_000;
const tooLong = (v: unknown): boolean => (typeof v === 'string' && v.length > MAX_FIELD_CHARS)
  || (Array.isArray(v) && (v.length > MAX_FIELD_CHARS || v.some((x) => typeof x === 'string' && x.length > MAX_FIELD_CHARS)));

/** A card form submission -> an event; `{choice}` is handed back as text. Never throws. */
export function fromSubmit(value: Record<string, unknown>, hashCode: (code: string) => string): UserEvent | { text: string } {
  const choice = value[SUBMIT_CHOICE_KEY];
  if (choice !== undefined) {
    const text = str(choice);
    return text === undefined ? NOT_UNDERSTOOD : { text };
  }
  const form = value[SUBMIT_FORM_KEY];
  // A field longer than any answer is no answer: the form is not read (nor is each value parsed at that length).
  if (Object.values(value).some(tooLong)) return NOT_UNDERSTOOD;
  switch (form) {
    case 'billingAddress':
    case 'serviceAddress': {
      const address = addressFrom(value);
      return address ? { type: 'GIVE_ADDRESS', address } : NOT_UNDERSTOOD;
    }
    case 'callingPlan': {
      const callingPlan = callingPlanFrom(value);
      return callingPlan ? { type: 'GIVE_CALLING_PLAN', callingPlan } : NOT_UNDERSTOOD;
    }
    case 'licenses': {
      const n = count(value.count);
      return n === undefined ? NOT_UNDERSTOOD : { type: 'SET_LICENSES', count: n };
    }
    case 'email': {
      const email = str(value.email)?.toLowerCase();
      return email && isValidEmail(email) ? { type: 'GIVE_EMAIL', email } : NOT_UNDERSTOOD;
    }
    case 'code': {
      const code = str(value.code)?.replace(/[\s-]/g, '');
      return code && /^\d{6}$/.test(code) ? { type: 'GIVE_CODE', codeHash: hashCode(code) } : NOT_UNDERSTOOD;
    }
    case 'siteUrl': {
      const name = str(value.name)?.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/\.webex\.com$/, '');
      return name ? { type: 'GIVE_SITE_URL', name } : NOT_UNDERSTOOD;
    }
    default: return NOT_UNDERSTOOD;
  }
}
