import type { AddOn, OwnerTwin, PassportEntry, StageName } from '../../../protocol/src/twin-api';
import type { ManifestEntry } from '../world/shared/manifest';
import { currentLocale, t } from '../i18n/i18n';
import { offeredConfiguration, type Configuration } from '../world/shared/variants';

/**
 * What the owner's panels compute from the twin API's answers: plain functions, no React, so
 * they are tested on their own.
 */

/** Production stages in order, with the translation key of what a person reads for each. */
export const STAGES: readonly { stage: StageName; label: string }[] = [
  { stage: 'Ordered', label: 'owner.stages.ordered' },
  { stage: 'BodyShop', label: 'owner.stages.bodyShop' },
  { stage: 'Paint', label: 'owner.stages.paint' },
  { stage: 'Assembly', label: 'owner.stages.assembly' },
  { stage: 'Quality', label: 'owner.stages.quality' },
  { stage: 'Delivered', label: 'owner.stages.delivered' },
];

/** What a person reads for a stage, in the page's language. */
export function stageLabel(stage: StageName): string {
  const key = STAGES.find((s) => s.stage === stage)?.label;
  return key ? t(key) : stage;
}

/**
 * The factory environment's anchor for a stage: `anchor_station_<station>` as
 * assets/src/environments/factory-line.ts names them (its FACTORY_STAGES).
 */
const STATIONS: Readonly<Record<StageName, string>> = {
  Ordered: 'ordered',
  BodyShop: 'body',
  Paint: 'paint',
  Assembly: 'assembly',
  Quality: 'quality',
  Delivered: 'delivered',
};

/** Name of the factory anchor where a car at `stage` stands. */
export function stationAnchor(stage: StageName): string {
  return `anchor_station_${STATIONS[stage]}`;
}

/** One line of a twin's production timeline. */
export interface TimelineStep {
  stage: StageName;
  label: string;
  /** When the twin reached it (ISO 8601); absent for stages still ahead. */
  at?: string;
  transactionHash?: string;
  state: 'done' | 'current' | 'ahead';
}

/**
 * Every production stage in order with the date the twin reached it: those before its stage
 * are done, its stage is current, the rest ahead. A stage the history lacks keeps no date.
 */
export function stageTimeline(twin: Pick<OwnerTwin, 'stage' | 'stages'>): TimelineStep[] {
  const current = STAGES.findIndex((s) => s.stage === twin.stage);
  return STAGES.map(({ stage }, i) => {
    const label = stageLabel(stage);
    const reached = twin.stages.find((s) => s.stage === stage);
    return {
      stage,
      label,
      ...(reached ? { at: reached.at, transactionHash: reached.transactionHash } : {}),
      state: i < current ? 'done' : i === current ? 'current' : 'ahead',
    };
  });
}

/** Twins still being built, in the order the API gave them. */
export function twinsInProduction(twins: readonly OwnerTwin[]): OwnerTwin[] {
  return twins.filter((twin) => twin.stage !== 'Delivered');
}

/** Whether `car` offers every code an add-on sets, so it can be tried and applied on it. */
export function addOnFits(car: Pick<ManifestEntry, 'variants'>, addOn: Pick<AddOn, 'sets'>): boolean {
  const sets = Object.entries(addOn.sets).filter(([, code]) => code);
  return sets.length > 0 && Object.keys(offeredConfiguration(car, addOn.sets)).length === sets.length;
}

/** Add-on ids are bytes32 hex: compared without regard to case. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether the twin carries the add-on. */
export function hasAddOn(twin: Pick<OwnerTwin, 'addOns'>, addOnId: string): boolean {
  return twin.addOns.some((id) => sameId(id, addOnId));
}

/**
 * What the garage shows of a twin: its current configuration, then what the owner picked in
 * the configurator (a preview, not saved), then the add-on being tried. The scene and the
 * configurator leave out codes the car does not offer.
 */
export function garageConfiguration(twin: Pick<OwnerTwin, 'currentConfiguration'>, picked: Configuration = {}, trying?: Pick<AddOn, 'sets'>): Configuration {
  return { ...twin.currentConfiguration, ...picked, ...trying?.sets };
}

/** `0x1234…abcd`: enough of an address to tell dealers apart. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** What a person reads for a passport entry's kind. */
export const PASSPORT_KINDS: Readonly<Record<PassportEntry['kind'], string>> = {
  service: 'Service',
  repair: 'Repair',
  inspection: 'Inspection',
  bodywork: 'Bodywork',
};

// Each record kind's name, by translation key.
const PASSPORT_KIND_KEYS: Readonly<Record<PassportEntry['kind'], string>> = {
  service: 'owner.passport.kinds.service',
  repair: 'owner.passport.kinds.repair',
  inspection: 'owner.passport.kinds.inspection',
  bodywork: 'owner.passport.kinds.bodywork',
};

/** A passport record's kind in the page's language (the kind as it is for one we do not know). */
export function passportKindLabel(kind: string): string {
  return Object.hasOwn(PASSPORT_KIND_KEYS, kind) ? t(PASSPORT_KIND_KEYS[kind as PassportEntry['kind']]) : kind;
}

/** `1,500 km` (`1.500 km`, `1,500公里`) in the reader's locale, the page's by default. */
export function formatMileage(km: number, locale = currentLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', unitDisplay: 'short' }).format(km);
}

/** A date (and time, where `withTime`) in the reader's locale; the raw text when it is no date. */
export function formatDate(iso: string, { withTime = false, locale = currentLocale() }: { withTime?: boolean; locale?: string } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}

/** What the owner reads when a contract refuses an add-on, by the custom error's name (translation keys). */
const REVERT_REASONS: Readonly<Record<string, string>> = {
  MarqueTwinAddOnAlreadyApplied: 'owner.addOn.alreadyApplied',
  MarqueTwinAddOnNotApproved: 'owner.addOn.notApproved',
  MarqueTwinTooManyAddOns: 'owner.addOn.tooMany',
  MarqueTwinInvalidAddOn: 'owner.addOn.invalid',
  ERC721InsufficientApproval: 'owner.addOn.notOwner',
  ERC721NonexistentToken: 'owner.addOn.noTwin',
};

interface ErrorLike {
  name?: string;
  code?: number;
  message?: string;
  shortMessage?: string;
  errorName?: string;
  data?: { errorName?: string };
  cause?: unknown;
}

/**
 * A sentence for a failed add-on transaction: declined in the wallet, refused by the contract
 * (by its custom error), no wallet connection, or the error's own first line. Walks the
 * error's causes as viem nests them.
 */
export function explainTransactionError(error: unknown): string {
  const chain: ErrorLike[] = [];
  for (let e: unknown = error; e && typeof e === 'object' && chain.length < 10; e = (e as ErrorLike).cause) chain.push(e as ErrorLike);
  if (chain.some((e) => e.name === 'UserRejectedRequestError' || e.code === 4001)) {
    return t('owner.addOn.declined');
  }
  for (const e of chain) {
    const name = e.data?.errorName ?? e.errorName;
    if (name) return t('owner.addOn.refused', { reason: Object.hasOwn(REVERT_REASONS, name) ? t(REVERT_REASONS[name]!) : name });
  }
  if (chain.some((e) => e.name === 'ConnectorNotConnectedError' || e.name === 'ConnectorAccountNotFoundError')) {
    return t('owner.addOn.notConnected');
  }
  if (chain.some((e) => e.name === 'ContractFunctionRevertedError' || e.name === 'TransactionRevertedError')) {
    return t('owner.addOn.reverted');
  }
  const first = chain[0];
  const text = first?.shortMessage ?? first?.message ?? String(error);
  return text.split('\n')[0]!;
}

/** How a zone picks among the owner's twins (its definition's `owner`, client/src/zones). */
export interface OwnerChoice {
  /** The twins its picker offers; all of them where left out. */
  offers?: (twins: readonly OwnerTwin[]) => OwnerTwin[];
  /** The one it starts with when none is picked; the first offered where left out. */
  first?: (choices: readonly OwnerTwin[]) => OwnerTwin | undefined;
}

/** Which of the owner's twins a zone is about, and the one it shows. */
export interface OwnerView {
  /** What the zone's picker offers. */
  choices: OwnerTwin[];
  /** The one picked (`selectedId` where it is a choice), else the zone's first. */
  twin?: OwnerTwin;
}

/** Which twins a zone offers and shows (`choice`: none in a zone without owners' cars), for the twin the owner picked last (`selectedId`). */
export function ownerView(choice: OwnerChoice | undefined, twins: readonly OwnerTwin[] | undefined, selectedId?: string): OwnerView {
  if (!twins || !choice) return { choices: [] };
  const choices = choice.offers ? choice.offers(twins) : [...twins];
  const picked = choices.find((twin) => twin.tokenId === selectedId);
  return { choices, twin: picked ?? (choice.first ? choice.first(choices) : choices[0]) };
}
