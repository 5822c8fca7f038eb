import { CAR_MODELS } from '../../../assets/src/cars/models';
import type { ManifestEntry } from '../../../protocol/src/manifest';
import type { IndexedTwin, IndexedTwinDetail, PassportRecord } from '../indexer/index-queries';
import type {
  ConfigurationCodes,
  OwnerTwin,
  PassportEntry,
  TwinMetadata,
  TwinShowcase,
} from '../../../protocol/src/twin-api';
import { codeName, currentConfiguration } from './configurations';
import type { RecordDetails } from '../../../protocol/src/twin-hashes';

/**
 * The API's views of a twin (twin-api.ts), built from the chain index and the off-chain tables.
 * None of them carries the owner's address.
 */

/** Display name and year of a model: the line-up's (assets/src/cars), else the manifest's, else the id. */
export function modelInfo(model: string, entry?: ManifestEntry): { name: string; year?: number } {
  const car = CAR_MODELS.find((c) => c.id === model);
  if (car) return { name: car.name, year: car.year };
  if (entry) return { name: entry.name, ...(entry.year !== undefined ? { year: entry.year } : {}) };
  return { name: model };
}

/** The twin's public links: its glb in its current configuration, and its showcase page. */
export function twinLinks(publicUrl: string, tokenId: bigint) {
  return {
    modelUrl: new URL(`/api/twins/${tokenId}/model.glb`, publicUrl).href,
    showcaseUrl: `${publicUrl.replace(/\/+$/, '')}/?showcase=${tokenId}`,
  };
}

/** `1.0` while being built, `2.0` once delivered. */
export function versionString(twin: IndexedTwin): string {
  return `${twin.version.major}.${twin.version.minor}`;
}

/** Which car a twin is, for any view of it (a verified passport too): its number, model, stage and version. */
export function twinIdentity(twin: IndexedTwin) {
  const info = modelInfo(twin.model);
  return {
    tokenId: twin.tokenId.toString(),
    model: twin.model,
    modelName: info.name,
    ...(info.year !== undefined ? { year: info.year } : {}),
    stage: twin.stageName,
    version: versionString(twin),
  };
}

/** What every view of a twin starts with: the car, its current configuration, stage and version. */
function twinSummary(twin: IndexedTwin, ordered: ConfigurationCodes | undefined) {
  return { ...twinIdentity(twin), currentConfiguration: currentConfiguration(twin.model, ordered ?? {}, twin.addOns) };
}

/** A twin as its owner sees it (garage, factory line). */
export function ownerTwinView(
  twin: IndexedTwinDetail,
  ordered: ConfigurationCodes | undefined,
  showcasePublic: boolean,
  publicUrl: string,
): OwnerTwin {
  return {
    ...twinSummary(twin, ordered),
    orderedConfiguration: ordered ?? {},
    addOns: twin.addOns,
    stages: twin.stages.map((s) => ({ stage: s.stageName, at: s.at.toISOString(), transactionHash: s.transactionHash })),
    showcasePublic,
    ...twinLinks(publicUrl, twin.tokenId),
    configurationHash: twin.configurationHash,
    currentConfigurationHash: twin.currentConfigurationHash,
  };
}

/** The public showcase: no wallet address, no service details, only how many records there are. */
export function showcaseView(
  twin: IndexedTwin,
  ordered: ConfigurationCodes | undefined,
  serviceRecords: number,
  isPublic: boolean,
  publicUrl: string,
): TwinShowcase {
  return {
    ...twinSummary(twin, ordered),
    serviceRecords,
    modelUrl: twinLinks(publicUrl, twin.tokenId).modelUrl,
    public: isPublic,
  };
}

/**
 * ERC-721 metadata JSON (the common NFT metadata shape) so other platforms can show a twin, with
 * the current configuration's finishes by their catalogue names. Pseudonymous: no owner address.
 */
export function metadataView(twin: IndexedTwin, ordered: ConfigurationCodes | undefined, publicUrl: string, entry?: ManifestEntry): TwinMetadata {
  const info = modelInfo(twin.model, entry);
  const current = currentConfiguration(twin.model, ordered ?? {}, twin.addOns);
  const { modelUrl, showcaseUrl } = twinLinks(publicUrl, twin.tokenId);
  const finishes: { trait_type: string; value: string }[] = [];
  for (const [trait_type, name] of [
    ['Paint', codeName('paint', current.paint)],
    ['Wheels', codeName('wheel', current.wheel)],
    ['Interior', codeName('interior', current.interior)],
  ] as const) {
    if (name !== undefined) finishes.push({ trait_type, value: name });
  }
  return {
    name: `${info.name} · Twin #${twin.tokenId}`,
    description: `The digital twin of a Marque ${info.name}${info.year !== undefined ? ` (${info.year})` : ''}, from the order to the road: its configuration, its production stages and its certified service history.`,
    animation_url: modelUrl,
    external_url: showcaseUrl,
    attributes: [
      { trait_type: 'Model', value: info.name },
      ...(info.year !== undefined ? [{ trait_type: 'Model year', value: info.year, display_type: 'number' }] : []),
      ...finishes,
      { trait_type: 'Stage', value: twin.stageName },
      { trait_type: 'Version', value: versionString(twin) },
      ...(twin.addOns.length > 0 ? [{ trait_type: 'Add-ons', value: twin.addOns.length, display_type: 'number' }] : []),
      { trait_type: 'Configuration hash', value: twin.configurationHash },
    ],
  };
}

/** A passport entry; `details` when they were filed (the caller decides who may see them). */
export function passportEntryView(record: PassportRecord, details: RecordDetails | undefined): PassportEntry {
  return {
    index: record.index,
    kind: record.kindName,
    mileage: record.mileage,
    at: record.at.toISOString(),
    dealer: record.dealer,
    recordHash: record.recordHash,
    transactionHash: record.transactionHash,
    ...(details ? { details } : {}),
  };
}
