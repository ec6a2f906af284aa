/**
 * Creating a contract: the lead commissioner (an LA's commissioner or the region's hub) sets its
 * kind, term, break clause, price and uplift, vacancy rules, the participating LAs with their
 * shares, and the provider's homes whose beds are blocked. The same reader serves the GOV.UK form
 * and the JSON API, so both refuse the same input with the same field names, and nothing is
 * written unless everything is sound (the engine's `validateContract` has the last word).
 */

import { appendAudit } from '../../db/queries/audit.ts';
import {
  bedsBlockedFrom,
  contractReferenceTaken,
  findLocalAuthorities,
  findProviderOrganisation,
  insertContract,
  insertContractBeds,
  insertContractParties,
  providerHomes,
} from '../../db/queries/contracts.ts';
import type { ContractTerms } from '../../db/queries/contracts-terms.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import type { Contract, UpliftRule } from '../../domain/contracts/contract.ts';
import { sharesFromEntries } from '../../domain/contracts/shares.ts';
import { currentEnd } from '../../domain/contracts/term.ts';
import { validateContract } from '../../domain/contracts/validate-contract.ts';
import { CONTRACT_KINDS, type ContractKind, isCode } from '../../domain/shared/codes.ts';
import { isLocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';

type Loose = string | number | null | undefined;

/** A contract as typed into the form or sent to the API: loose text or numbers, read here. */
export interface ContractInput {
  kind?: Loose;
  reference?: Loose;
  name?: Loose;
  providerId?: Loose;
  /** YYYY-MM-DD or dd/mm/yyyy. */
  start?: Loose;
  initialMonths?: Loose;
  /** Extension options in years, e.g. "1+1+1" or "3+1+1"'s "1+1"; blank for none. */
  extensions?: Loose;
  /** Months before the current end by which the next extension must be decided (default 6). */
  extensionNoticeMonths?: Loose;
  /** Months of notice to break; blank for no break clause. */
  breakNoticeMonths?: Loose;
  /** Weekly price per bed in pounds ("£4,300" or 4300)… */
  weeklyPrice?: Loose;
  /** …or in pence (the API). */
  weeklyPricePence?: Loose;
  uplift?: {
    kind?: Loose;
    /** Fixed: the annual rise in percent. */
    percent?: Loose;
    /** Index: its name (CPI), cap and floor in percent, and its figures. */
    index?: Loose;
    capPercent?: Loose;
    floorPercent?: Loose;
    /** Figures as [{ from, percent }] or lines of "YYYY-MM-DD 3.4%". */
    series?: ReadonlyArray<{ from?: Loose; percent?: Loose }> | string | null;
  };
  holdDays?: Loose;
  holdPayer?: Loose;
  afterHold?: Loose;
  retainerPercent?: Loose;
  maxBedsPerSetting?: Loose;
  parties?: ReadonlyArray<{ orgId?: Loose; share?: Loose }>;
  homes?: ReadonlyArray<{ homeId?: Loose; beds?: Loose }>;
}

const text = (v: Loose) => (v === null || v === undefined ? '' : String(v).trim());

function wholeNumber(
  v: Loose,
  field: string,
  errors: FieldError[],
  what: string,
  { min = 0, max = 10_000, fallback }: { min?: number; max?: number; fallback?: number } = {},
): number {
  const t = text(v);
  if (t === '' && fallback !== undefined) return fallback;
  const n = Number(t);
  if (t === '' || !/^-?\d+$/.test(t) || n < min || n > max) {
    errors.push({ field, message: `Enter ${what} as a whole number from ${min} to ${max}` });
    return fallback ?? min;
  }
  return n;
}

/** "3.4", "3.4%" or 3.4 as parts per million; at most four decimal places. */
function percentPpm(
  v: Loose,
  field: string,
  errors: FieldError[],
  what: string,
  min = -99,
  max = 100,
): number {
  const t = text(v).replace(/%$/, '').trim();
  const n = Number(t);
  if (!/^-?\d+(\.\d{1,4})?$/.test(t) || n < min || n > max) {
    errors.push({ field, message: `Enter ${what} as a percentage, for example 3.4` });
    return 0;
  }
  return Math.round(n * 10_000);
}

function readDate(v: Loose, field: string, errors: FieldError[], what: string): string {
  const t = text(v);
  const d = isLocalDate(t) ? t : parseUkDate(t);
  if (!d) {
    errors.push({ field, message: `Enter ${what} as a real date` });
    return '';
  }
  return d;
}

function readExtensions(v: Loose, errors: FieldError[]): number[] {
  const t = text(v).replace(/\s+/g, '');
  if (t === '' || t === '0') return [];
  if (!/^\d+(\+\d+)*$/.test(t) || t.split('+').some((y) => Number(y) < 1 || Number(y) > 10)) {
    errors.push({
      field: 'extensions',
      message: 'Enter the extension options in years joined by +, for example 1+1+1, or leave it blank',
    });
    return [];
  }
  return t.split('+').map((y) => Number(y) * 12);
}

function readUplift(u: ContractInput['uplift'], errors: FieldError[]): UpliftRule {
  const kind = text(u?.kind) || 'none';
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'fixed') {
    return { kind: 'fixed', ratePpm: percentPpm(u?.percent, 'uplift.percent', errors, 'the annual uplift') };
  }
  if (kind !== 'index') {
    errors.push({ field: 'uplift.kind', message: 'Choose no uplift, a fixed percentage or an index' });
    return { kind: 'none' };
  }
  const index = text(u?.index);
  if (!index) errors.push({ field: 'uplift.index', message: 'Enter the index, for example CPI' });
  const raw = u?.series;
  const lines: Array<{ from?: Loose; percent?: Loose }> =
    typeof raw === 'string'
      ? raw
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const [from, percent] = l.split(/[\s,;]+/);
            return { from, percent };
          })
      : [...(raw ?? [])];
  if (lines.length === 0) {
    errors.push({
      field: 'uplift.series',
      message: 'Enter at least one index figure: a date and a percentage, for example 2026-03-18 3.1%',
    });
  }
  const series = lines.map((l, i) => {
    const errs: FieldError[] = [];
    const from = readDate(l.from, 'uplift.series', errs, `the date of index figure ${i + 1}`);
    const ratePpm = percentPpm(l.percent, 'uplift.series', errs, `index figure ${i + 1}`);
    errors.push(...errs);
    return { from, ratePpm };
  });
  const cap = text(u?.capPercent);
  const floor = text(u?.floorPercent);
  return {
    kind: 'index',
    index,
    series,
    ...(cap ? { capPpm: percentPpm(cap, 'uplift.capPercent', errors, 'the cap') } : {}),
    ...(floor ? { floorPpm: percentPpm(floor, 'uplift.floorPercent', errors, 'the floor') } : {}),
  };
}

/** Engine field names (validateContract) as the input's names, so forms and the API point at them. */
function inputField(field: string, homeIndex: readonly number[]): string {
  const home = /^homes\[(\d+)\]\.beds/.exec(field);
  if (home) return `homes[${homeIndex[Number(home[1])] ?? 0}].beds`;
  if (/^homes\[\d+\]/.test(field) || field === 'homes') return 'homes';
  const share = /^shares\[(\d+)\]/.exec(field);
  if (share) return `parties[${share[1]}].share`;
  if (field === 'shares') return 'parties';
  if (field.startsWith('lots')) return 'weeklyPrice';
  if (field === 'term.initialMonths') return 'initialMonths';
  if (field.startsWith('term.extensions')) return 'extensions';
  if (field === 'term.extensionNoticeMonths') return 'extensionNoticeMonths';
  if (field === 'term.start') return 'start';
  if (field.startsWith('breakClause')) return 'breakNoticeMonths';
  if (field === 'uplift.ratePpm') return 'uplift.percent';
  if (field === 'uplift.capPpm') return 'uplift.capPercent';
  if (field === 'uplift.floorPpm') return 'uplift.floorPercent';
  if (field.startsWith('uplift.series')) return 'uplift.series';
  if (field === 'vacancy.retainerPpm') return 'retainerPercent';
  if (field === 'vacancy') return 'holdDays';
  if (field.startsWith('vacancy.')) return field.slice('vacancy.'.length);
  if (field === 'provider.id') return 'providerId';
  return field;
}

export interface CreatedContract {
  id: string;
  reference: string;
}

/**
 * Reads, checks and writes a new contract led by the caller's organisation. Throws one
 * `validation` DomainError naming every bad field; writes nothing unless all is well.
 */
export async function createContract(
  trx: Tx,
  tenant: Tenant,
  input: ContractInput,
): Promise<CreatedContract> {
  const errors: FieldError[] = [];
  const kind = text(input.kind);
  if (!isCode(CONTRACT_KINDS, kind)) errors.push({ field: 'kind', message: 'Choose the kind of contract' });
  const reference = text(input.reference);
  if (!reference || reference.length > 40)
    errors.push({ field: 'reference', message: 'Enter a reference of 40 characters or fewer' });
  const name = text(input.name);
  if (!name || name.length > 200)
    errors.push({ field: 'name', message: 'Enter a name of 200 characters or fewer' });
  const start = readDate(input.start, 'start', errors, 'the start date');
  const initialMonths = wholeNumber(
    input.initialMonths,
    'initialMonths',
    errors,
    'the initial period in months',
    {
      min: 1,
      max: 240,
    },
  );
  const extensions = readExtensions(input.extensions, errors);
  const extensionNoticeMonths = wholeNumber(
    input.extensionNoticeMonths,
    'extensionNoticeMonths',
    errors,
    'the notice for extension decisions in months',
    { max: 60, fallback: 6 },
  );
  const breakText = text(input.breakNoticeMonths);
  const breakNoticeMonths =
    breakText === ''
      ? undefined
      : wholeNumber(breakText, 'breakNoticeMonths', errors, 'the break notice in months', { max: 60 });
  let weeklyPrice = 0;
  if (text(input.weeklyPricePence) !== '') {
    weeklyPrice = wholeNumber(
      input.weeklyPricePence,
      'weeklyPricePence',
      errors,
      'the weekly price in pence',
      {
        min: 1,
        max: 100_000_000,
      },
    );
  } else {
    const p = parsePounds(text(input.weeklyPrice));
    if (p === undefined || p <= 0 || p > 100_000_000)
      errors.push({
        field: 'weeklyPrice',
        message: 'Enter the weekly price per bed in pounds, for example 4300',
      });
    else weeklyPrice = p;
  }
  const uplift = readUplift(input.uplift, errors);
  const holdDays = wholeNumber(input.holdDays, 'holdDays', errors, 'the hold period in days', {
    max: 365,
    fallback: kind === 'framework' || kind === 'spot' ? 0 : undefined,
  });
  const holdPayer = text(input.holdPayer) || 'leaving-la';
  if (holdPayer !== 'leaving-la' && holdPayer !== 'shared')
    errors.push({ field: 'holdPayer', message: 'Choose who pays for the hold days' });
  const afterHold = text(input.afterHold) || (kind === 'framework' || kind === 'spot' ? 'released' : '');
  if (afterHold !== 'void-shared' && afterHold !== 'released')
    errors.push({ field: 'afterHold', message: 'Choose what happens to an empty bed after the hold' });
  const retainerPpm =
    text(input.retainerPercent) === ''
      ? 0
      : percentPpm(input.retainerPercent, 'retainerPercent', errors, 'the retainer', 0, 100);
  const maxBedsPerSetting = wholeNumber(
    input.maxBedsPerSetting,
    'maxBedsPerSetting',
    errors,
    'the cap per setting',
    {
      min: 1,
      max: 50,
      fallback: 5,
    },
  );

  // The provider and its homes.
  const providerId = text(input.providerId);
  const provider = providerId ? await findProviderOrganisation(trx, providerId) : undefined;
  if (!provider) errors.push({ field: 'providerId', message: 'Choose the provider' });
  const homes = provider ? await providerHomes(trx, provider.id) : [];
  const chosenHomes: Array<{ index: number; home: (typeof homes)[number]; beds: number }> = [];
  const seenHomes = new Set<string>();
  (input.homes ?? []).forEach((h, i) => {
    const id = text(h.homeId);
    const bedsText = text(h.beds);
    const home = homes.find((x) => x.id === id);
    if (!home) {
      if (provider)
        errors.push({ field: `homes[${i}].homeId`, message: `That home is not one of ${provider.name}’s` });
      return;
    }
    if (seenHomes.has(id)) {
      errors.push({ field: `homes[${i}].homeId`, message: `${home.name} is listed twice` });
      return;
    }
    seenHomes.add(id);
    if (bedsText === '' || bedsText === '0') return;
    const beds = wholeNumber(bedsText, `homes[${i}].beds`, errors, `the beds blocked in ${home.name}`, {
      min: 0,
      max: home.bedIds.length,
    });
    if (beds > 0) chosenHomes.push({ index: i, home, beds });
  });
  if (provider && chosenHomes.length === 0 && !errors.some((e) => e.field.startsWith('homes')))
    errors.push({ field: 'homes', message: 'Block at least one bed in one of the provider’s homes' });

  // Participating LAs and their shares.
  const partyInput = input.parties ?? [];
  const partyIds = partyInput.map((p) => text(p.orgId));
  const las = partyIds.length ? await findLocalAuthorities(trx, partyIds) : [];
  partyIds.forEach((id, i) => {
    if (!las.some((l) => l.id === id))
      errors.push({ field: `parties[${i}].orgId`, message: 'That is not a local authority' });
  });
  let shares: Contract['shares'] = [];
  if (partyInput.length === 0) {
    errors.push({ field: 'parties', message: 'Give at least one participating LA a share' });
  } else {
    try {
      shares = sharesFromEntries(
        partyInput.map((p, i) => ({
          la: partyIds[i]!,
          name: las.find((l) => l.id === partyIds[i])?.name ?? partyIds[i]!,
          share: typeof p.share === 'number' ? p.share : text(p.share),
        })),
        'parties',
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      errors.push(
        ...e.fieldErrors.map((f) =>
          f.field === 'parties'
            ? { ...f, message: f.message.replace(/^the shares/, 'The shares') }
            : { ...f, field: f.field.replace(/\.la$/, '.orgId') },
        ),
      );
    }
  }
  throwIfInvalid(errors, 'The contract has errors');

  const homeIndex = chosenHomes.map((c) => c.index);
  const contract: Contract = {
    id: 'new',
    name,
    kind: kind as ContractKind,
    provider: { id: provider!.id, name: provider!.name },
    term: {
      start,
      initialMonths,
      extensions: extensions.map((months) => ({ months })),
      extensionNoticeMonths,
    },
    ...(breakNoticeMonths === undefined ? {} : { breakClause: { noticeMonths: breakNoticeMonths } }),
    shares,
    lots: [{ id: 'main', name: 'Blocked beds', weeklyPrice }],
    homes: chosenHomes.map((c) => ({
      id: c.home.id,
      name: c.home.name,
      lot: 'main',
      beds: c.home.bedIds.slice(0, c.beds).map((id) => ({ id })),
    })),
    maxBedsPerSetting,
    uplift,
    vacancy: {
      holdDays,
      holdPayer: holdPayer as 'leaving-la' | 'shared',
      afterHold: afterHold as 'void-shared' | 'released',
      retainerPpm,
    },
  };
  const engineErrors = validateContract(contract).map(({ record: _r, ...e }) => ({
    ...e,
    field: inputField(e.field, homeIndex),
  }));
  throwIfInvalid(engineErrors, 'The contract has errors');

  if (await contractReferenceTaken(trx, tenant.orgId, reference)) {
    throwIfInvalid(
      [{ field: 'reference', message: `You already have a contract with the reference ${reference}` }],
      'The contract has errors',
    );
  }
  const bedIds = contract.homes.flatMap((h) => h.beds.map((b) => b.id));
  const blocked = await bedsBlockedFrom(trx, bedIds, start);
  if (blocked.length > 0) {
    throwIfInvalid(
      chosenHomes
        .filter((c) => blocked.some((b) => c.home.bedIds.slice(0, c.beds).includes(b.bedId)))
        .map((c) => {
          const b = blocked.find((x) => c.home.bedIds.includes(x.bedId))!;
          const label = c.home.labels[c.home.bedIds.indexOf(b.bedId)];
          return {
            field: `homes[${c.index}].beds`,
            message: `${label} in ${c.home.name} is already blocked by contract ${b.reference}`,
          };
        }),
      'The contract has errors',
    );
  }

  const terms: ContractTerms = {
    term: { start, initialMonths, extensions: contract.term.extensions, extensionNoticeMonths },
    ...(contract.breakClause ? { breakClause: contract.breakClause } : {}),
    lots: [...contract.lots],
    homes: contract.homes.map((h) => ({ id: h.id, lot: h.lot })),
    maxBedsPerSetting,
    uplift,
    vacancy: contract.vacancy,
  };
  const contractId = await insertContract(trx, {
    org_id: tenant.orgId,
    provider_org_id: provider!.id,
    region_code: tenant.regionCode,
    reference,
    name,
    kind: contract.kind,
    start_date: start,
    end_date: currentEnd(contract.term),
    status: 'live',
    terms: JSON.stringify(terms),
  });
  await insertContractParties(
    trx,
    shares.map((s, i) => ({ contract_id: contractId, org_id: s.la, share_ppm: s.ppm, position: i })),
  );
  await insertContractBeds(
    trx,
    bedIds.map((bedId) => ({
      contract_id: contractId,
      bed_id: bedId,
      org_id: provider!.id,
      from_date: start,
    })),
  );
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'contract',
      entityId: contractId,
      detail: { reference, beds: bedIds.length },
    },
  ]);
  return { id: contractId, reference };
}
