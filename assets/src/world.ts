import type { Document } from '@gltf-transform/core';
import type { VariantCategory } from '../../protocol/src/catalogue';
import type { AssetKind } from '../../protocol/src/manifest';
import type { ZoneId } from '../../protocol/src/zones';
import { addCarTextures, buildCar } from './cars/build-car';
import { CAR_MODELS, CURRENT_MODEL_ID } from './cars/models';
import { buildFactoryLine } from './environments/factory-line';
import { buildLaunchVenue } from './environments/launch-venue';
import { buildMuseumHall } from './environments/museum-hall';
import { buildOwnersGarage } from './environments/owners-garage';
import { buildDealerLounge } from './environments/dealer-lounge';

/** One thing the world publishes: the pipeline builds, checks and publishes each. */
export interface WorldAsset {
  /** Lower-case letters, digits and dashes; becomes the published file name. */
  id: string;
  name: string;
  zone: ZoneId;
  /**
   * Other zones that show this asset too (the current model stands in every zone but the
   * museum). Published once, in `zone`; each of these zones refers to it and counts it in its
   * totals and budget.
   */
  shownIn?: readonly ZoneId[];
  kind: AssetKind;
  /** Model year (cars). */
  year?: number;
  /** Catalogue codes the car offers per category; the first of each is its default. Cars only. */
  variants?: Partial<Record<VariantCategory, readonly string[]>>;
  /** Ask the pipeline for LODs (cars and heavy props). */
  lod?: boolean;
  build(): Document | Promise<Document>;
}

/** Every zone but the museum: each shows the current model on its car anchor. */
const ELSEWHERE: readonly ZoneId[] = ['factory', 'launch', 'garage', 'lounge'];

const cars: WorldAsset[] = CAR_MODELS.map((model) => ({
  id: model.id,
  name: model.name,
  zone: 'museum',
  kind: 'car',
  year: model.year,
  variants: model.variants,
  ...(model.id === CURRENT_MODEL_ID ? { shownIn: ELSEWHERE } : {}),
  lod: true,
  build: () => addCarTextures(buildCar(model.params), model.params),
}));

const environments: WorldAsset[] = [
  { id: 'museum-hall', name: 'Heritage hall', zone: 'museum', kind: 'environment', build: () => buildMuseumHall(CAR_MODELS.length) },
  { id: 'factory-line', name: 'Factory line', zone: 'factory', kind: 'environment', build: buildFactoryLine },
  { id: 'launch-venue', name: 'Launch arena', zone: 'launch', kind: 'environment', build: buildLaunchVenue },
  { id: 'owners-garage', name: "Owners' garage", zone: 'garage', kind: 'environment', build: buildOwnersGarage },
  { id: 'dealer-lounge', name: 'Service lounge', zone: 'lounge', kind: 'environment', build: buildDealerLounge },
];

/**
 * Everything the world publishes, in order: the marque's cars (oldest first; the museum's
 * `anchor_car_<i>` follow this order; the current model is shown in the other zones too) and
 * one environment per zone. The pipeline imports
 * exactly this list.
 */
export const WORLD_ASSETS: readonly WorldAsset[] = [...cars, ...environments];
